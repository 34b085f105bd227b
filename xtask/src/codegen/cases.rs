//! The tiny specs under `xtask/testdata/codegen/`, for the expected-output
//! tests and the corrections' own unit tests.

use std::path::{Path, PathBuf};

use crate::model::Model;
use crate::openapi::fragment::Fragment;

pub fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/codegen")
        .join(case)
}

/// The spec of one case, for the corrections' own unit tests too.
pub fn case_fragment(case: &str) -> Fragment {
    Fragment::load(&case_dir(case).join("openapi.json")).expect("the case's spec loads")
}

/// The model of one case's spec.
pub fn case_model(case: &str) -> Model {
    Model::read(&case_fragment(case)).expect("the case's spec reads")
}
