//! Checks of the constraints the spec states (`minItems`, `minimum`,
//! `exclusiveMinimum`, `maxLength`, ...), for requests before they are sent
//! and for any model a user wants to check.
//!
//! Every model whose schema (or a schema inside it) has a constraint
//! implements [`Validate`]; each operation's `Request::validate` checks its
//! parameters and body. An error names the first value that breaks a rule,
//! by its path in the JSON (`data.attributes.interaction_ids`) or, for a
//! parameter, by its name on the wire (`contentIds`).

use std::cmp::Ordering;
use std::fmt;

/// A value that breaks a constraint of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    path: String,
    message: String,
}

impl ValidationError {
    /// Where the value is: property names and indexes from the root, dotted.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What rule it breaks.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ValidationError {}

/// Where a value sits, as a chain of steps on the stack: nothing is
/// allocated unless a check fails.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The value itself.
    Root,
    /// A property of the value at the parent path.
    Key(&'a Path<'a>, &'static str),
    /// An item of the array at the parent path.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path to property `name` of this value.
    pub fn key(&'a self, name: &'static str) -> Path<'a> {
        Path::Key(self, name)
    }

    /// The path to item `index` of this array.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    fn render(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, name) => {
                parent.render(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Path::Index(parent, index) => {
                parent.render(out);
                out.push_str(&format!("[{index}]"));
            }
        }
    }

    /// An error at this path.
    pub fn error(&self, message: String) -> ValidationError {
        let mut path = String::new();
        self.render(&mut path);
        if path.is_empty() {
            path.push_str("(root)");
        }
        ValidationError { path, message }
    }
}

/// A value with constraints to check.
pub trait Validate {
    /// Checks the value found at `path`.
    fn validate_at(&self, path: Path<'_>) -> Result<(), ValidationError>;

    /// Checks the value; the error names the first value that breaks a rule.
    fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(Path::Root)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: Path<'_>) -> Result<(), ValidationError> {
        self.iter().enumerate().try_for_each(|(i, item)| item.validate_at(path.index(i)))
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: Path<'_>) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), |value| value.validate_at(path))
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: Path<'_>) -> Result<(), ValidationError> {
        (**self).validate_at(path)
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate_at(&self, path: Path<'_>) -> Result<(), ValidationError> {
        // Map keys are not `'static`; the path names the map, the message the key.
        self.iter().try_for_each(|(key, value)| {
            value.validate_at(Path::Root).map_err(|e| path.error(format!("[{key:?}].{}: {}", e.path, e.message)))
        })
    }
}

/// `minItems`.
pub fn min_items<T>(path: Path<'_>, items: &[T], min: usize) -> Result<(), ValidationError> {
    if items.len() < min {
        return Err(path.error(format!("has {} item(s); at least {min} required", items.len())));
    }
    Ok(())
}

/// `maxItems`.
pub fn max_items<T>(path: Path<'_>, items: &[T], max: usize) -> Result<(), ValidationError> {
    if items.len() > max {
        return Err(path.error(format!("has {} items; at most {max} allowed", items.len())));
    }
    Ok(())
}

/// `minLength`, counted in characters as JSON Schema does.
pub fn min_length(path: Path<'_>, value: &str, min: usize) -> Result<(), ValidationError> {
    let len = value.chars().count();
    if len < min {
        return Err(path.error(format!("is {len} character(s) long; at least {min} required")));
    }
    Ok(())
}

/// `maxLength`, counted in characters as JSON Schema does.
pub fn max_length(path: Path<'_>, value: &str, max: usize) -> Result<(), ValidationError> {
    let len = value.chars().count();
    if len > max {
        return Err(path.error(format!("is {len} characters long; at most {max} allowed")));
    }
    Ok(())
}

/// `minimum`, with `exclusiveMinimum`. `NaN` breaks it.
pub fn minimum<T: PartialOrd + fmt::Display>(path: Path<'_>, value: T, min: T, exclusive: bool) -> Result<(), ValidationError> {
    match value.partial_cmp(&min) {
        Some(Ordering::Greater) => Ok(()),
        Some(Ordering::Equal) if !exclusive => Ok(()),
        _ if exclusive => Err(path.error(format!("is {value}; must be greater than {min}"))),
        _ => Err(path.error(format!("is {value}; must be at least {min}"))),
    }
}

/// `maximum`, with `exclusiveMaximum`. `NaN` breaks it.
pub fn maximum<T: PartialOrd + fmt::Display>(path: Path<'_>, value: T, max: T, exclusive: bool) -> Result<(), ValidationError> {
    match value.partial_cmp(&max) {
        Some(Ordering::Less) => Ok(()),
        Some(Ordering::Equal) if !exclusive => Ok(()),
        _ if exclusive => Err(path.error(format!("is {value}; must be less than {max}"))),
        _ => Err(path.error(format!("is {value}; must be at most {max}"))),
    }
}
