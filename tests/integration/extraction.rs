//! Tests of extraction.
