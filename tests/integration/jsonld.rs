//! Tests of jsonld.
