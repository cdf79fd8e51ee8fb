//! A posted HTML form read as its name–value pairs, for forms whose fields repeat (ticked
//! boxes, rows of offers) or are read one by one while the page is drawn again with what was
//! typed, and the choices of a select list drawn from it. Handlers receive the pairs through
//! [`CsrfForm`](super::csrf::CsrfForm).

use super::error::AppError;

/// Form fields, as posted: repeated names keep their order.
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value posted under `name`, or `""`.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value posted under `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Whether `name` was posted at all (a ticked box).
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// A whole number (`None` when left empty); anything else is `number_invalid` on `name`.
    pub fn number(&self, name: &'static str) -> Result<Option<i64>, AppError> {
        match self.get(name).trim() {
            "" => Ok(None),
            text => text
                .parse::<i64>()
                .map(Some)
                .map_err(|_| AppError::invalid(name, "number_invalid")),
        }
    }
}

/// A choice in a select list or a group of checkboxes.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Self {
        Choice {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        Fields(vec![
            ("slot".into(), "a".into()),
            ("slot".into(), "b".into()),
            ("limit".into(), " 12 ".into()),
            ("bad".into(), "1.5".into()),
            ("empty".into(), "".into()),
        ])
    }

    #[test]
    fn reads_values_in_order() {
        let f = fields();
        assert_eq!(f.get("slot"), "a");
        assert_eq!(f.all("slot"), ["a", "b"]);
        assert_eq!(f.get("missing"), "");
        assert!(f.has("empty"));
        assert!(!f.has("missing"));
    }

    #[test]
    fn numbers() {
        let f = fields();
        assert_eq!(f.number("limit").unwrap(), Some(12));
        assert_eq!(f.number("empty").unwrap(), None);
        assert_eq!(f.number("bad").unwrap_err().code(), "number_invalid");
    }
}
