//! The S3 adapter of the object store port, with SigV4-presigned URLs.

mod objects;

pub use objects::S3Objects;
