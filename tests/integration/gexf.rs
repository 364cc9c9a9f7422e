//! Tests of gexf.
