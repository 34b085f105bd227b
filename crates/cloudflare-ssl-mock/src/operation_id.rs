//! `operations!`, which turns the fragment's list of operations
//! (`generated_operations.rs`, written by `cargo xtask codegen`) into what
//! the mock needs per operation, so that none of it is written by hand:
//!
//! - `OperationId`, the operations as an enum (`ALL`, `as_str`,
//!   `from_fragment`), for the one `match` that tells the modelled
//!   operations apart (`answer.rs`);
//! - a public marker type per operation (`EditCertificatePack`, …),
//!   implementing the sealed `OperationKind`, in a module `operation_kinds`
//!   the crate re-exports;
//! - a `MockCloudflare` method per operation (`edit_certificate_pack()`,
//!   …), returning that operation's `Reply` handle.
//!
//! Its input, one line per operation: its doc comment, then
//! `TypeName: handle_method = "operationId";`.

/// See the module documentation.
macro_rules! operations {
    ($($(#[$doc:meta])* $kind:ident : $method:ident = $id:literal;)*) => {
        /// An operation of the fragment, named by its `operationId`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum OperationId {
            $($(#[$doc])* $kind,)*
        }

        impl OperationId {
            /// Every operation, in the fragment's order.
            pub(crate) const ALL: &'static [Self] = &[$(Self::$kind),*];

            /// The fragment's `operationId`.
            pub(crate) const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$kind => $id,)*
                }
            }

            /// The operation whose `operationId` is `id`, if the fragment
            /// this crate was generated from has it.
            pub(crate) fn from_fragment(id: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|operation| operation.as_str() == id)
            }
        }

        /// One marker type per operation of the fragment, naming it in
        /// `Reply<'_, O>`.
        pub mod operation_kinds {
            $(
                $(#[$doc])*
                #[derive(Debug, Clone, Copy)]
                pub struct $kind;

                impl crate::reply::sealed::Sealed for $kind {}

                impl crate::reply::OperationKind for $kind {
                    const OPERATION_ID: &'static str = $id;
                }
            )*
        }

        impl crate::mock::MockCloudflare {
            $(
                $(#[$doc])*
                ///
                /// What this operation answers: see `Reply`.
                pub fn $method(&self) -> crate::reply::Reply<'_, operation_kinds::$kind> {
                    crate::reply::Reply::new(&self.shared)
                }
            )*
        }
    };
}

pub(crate) use operations;
