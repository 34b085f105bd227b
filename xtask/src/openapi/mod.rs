//! Reading OpenAPI documents: the fragment, loaded with errors that name
//! the place (`fragment`), and following references in any document
//! (`resolve`, the one resolver).

pub mod fragment;
pub mod ordered;
pub mod resolve;
