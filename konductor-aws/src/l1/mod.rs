//! Typed low-level resources, generated from the provider schemas (see `xtask`).
