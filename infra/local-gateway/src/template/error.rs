//! What makes a template unusable, and the error naming the resource at fault.

/// A template the gateway cannot use.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("template is not valid YAML: {0}")]
    Yaml(#[from] serde_norway::Error),
    #[error("template resource {resource}: {problem}")]
    Resource { resource: String, problem: String },
}

/// A problem with the template resource `resource`.
pub(super) fn problem(resource: &str, problem: impl Into<String>) -> TemplateError {
    TemplateError::Resource {
        resource: resource.to_owned(),
        problem: problem.into(),
    }
}
