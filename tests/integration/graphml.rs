//! Tests of graphml.
