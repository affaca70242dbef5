//! Field selectors (upstream `k8s.io/apimachinery/pkg/fields`).
//!
//! `?fieldSelector=metadata.name=foo,status.phase!=Running`: terms joined by `,`, operators `=`,
//! `==` and `!=`, values escaped with `\,` `\=` `\\`. A field missing from the object compares as
//! the empty string. Which field names a resource supports is the caller's business:
//! [`FieldSelector::check_supported`] produces upstream's `field label not supported: foo`.

use std::fmt;
use std::str::FromStr;

/// A field selector parse error; `Display` is upstream's text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FieldSelectorError {
    /// A term without a recognised operator.
    #[error("invalid selector: '{selector}'; can't understand '{term}'")]
    Syntax {
        /// The whole selector.
        selector: String,
        /// The offending term.
        term: String,
    },
    /// A backslash not followed by `\`, `,` or `=`.
    #[error("invalid field selector: invalid escape sequence: {0}")]
    InvalidEscape(String),
    /// An unescaped `,` or `=` inside a value (upstream prints the character code).
    #[error("invalid field selector: unescaped character in value: {}", *.0 as u32)]
    UnescapedRune(char),
    /// A field the resource does not support (returned by callers, 400 upstream).
    #[error("field label not supported: {0}")]
    UnsupportedField(String),
}

/// Field selector operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldOperator {
    /// `=`
    Equals,
    /// `==`
    DoubleEquals,
    /// `!=`
    NotEquals,
}

impl FieldOperator {
    /// The operator text.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldOperator::Equals => "=",
            FieldOperator::DoubleEquals => "==",
            FieldOperator::NotEquals => "!=",
        }
    }
}

/// One term: `field <op> value` (value unescaped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRequirement {
    /// The field name, e.g. `metadata.name`.
    pub field: String,
    /// The operator.
    pub operator: FieldOperator,
    /// The unescaped value.
    pub value: String,
}

impl FieldRequirement {
    /// Whether `actual` (the field's value, `""` when missing) satisfies the term.
    pub fn matches(&self, actual: &str) -> bool {
        match self.operator {
            FieldOperator::Equals | FieldOperator::DoubleEquals => actual == self.value,
            FieldOperator::NotEquals => actual != self.value,
        }
    }
}

/// Upstream prints both `=` and `==` terms as `=`.
impl fmt::Display for FieldRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = if self.operator == FieldOperator::NotEquals {
            "!="
        } else {
            "="
        };
        write!(f, "{}{}{}", self.field, op, escape_value(&self.value))
    }
}

/// A field selector: the AND of its terms. The empty selector matches everything.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FieldSelector {
    requirements: Vec<FieldRequirement>,
}

impl FieldSelector {
    /// The selector matching everything.
    pub fn everything() -> Self {
        FieldSelector::default()
    }

    /// Parses `a=b,c!=d,e==f` (upstream `ParseSelector`). Terms are sorted by their raw text and
    /// empty terms skipped, as upstream. Field names are not trimmed or validated.
    pub fn parse(selector: &str) -> Result<Self, FieldSelectorError> {
        let mut terms = split_terms(selector);
        terms.sort_unstable();
        let mut requirements = Vec::new();
        for term in terms {
            if term.is_empty() {
                continue;
            }
            let Some((field, operator, raw)) = split_term(term) else {
                return Err(FieldSelectorError::Syntax {
                    selector: selector.to_string(),
                    term: term.to_string(),
                });
            };
            let value = unescape_value(raw)?;
            requirements.push(FieldRequirement {
                field: field.to_string(),
                operator,
                value,
            });
        }
        Ok(FieldSelector { requirements })
    }

    /// A selector of `field=value` terms (upstream `SelectorFromSet`).
    pub fn from_set<'a>(set: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let requirements = set
            .into_iter()
            .map(|(f, v)| FieldRequirement {
                field: f.to_string(),
                operator: FieldOperator::Equals,
                value: v.to_string(),
            })
            .collect();
        FieldSelector { requirements }
    }

    /// The terms.
    pub fn requirements(&self) -> &[FieldRequirement] {
        &self.requirements
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// Whether an object matches; `get` returns a field's value, `None` when absent (compared as
    /// `""`, like upstream's `fields.Set.Get`).
    pub fn matches<F>(&self, get: F) -> bool
    where
        F: Fn(&str) -> Option<String>,
    {
        self.requirements
            .iter()
            .all(|r| r.matches(get(&r.field).as_deref().unwrap_or("")))
    }

    /// The value a term `field=value` / `field==value` pins `field` to (upstream
    /// `RequiresExactMatch`), e.g. `metadata.name` for a single-object watch.
    pub fn requires_exact_match(&self, field: &str) -> Option<&str> {
        self.requirements
            .iter()
            .find(|r| r.field == field && r.operator != FieldOperator::NotEquals)
            .map(|r| r.value.as_str())
    }

    /// Errors with `field label not supported: <field>` for the first term whose field is not in
    /// `supported`.
    pub fn check_supported(&self, supported: &[&str]) -> Result<(), FieldSelectorError> {
        match self
            .requirements
            .iter()
            .find(|r| !supported.contains(&r.field.as_str()))
        {
            Some(r) => Err(FieldSelectorError::UnsupportedField(r.field.clone())),
            None => Ok(()),
        }
    }

    /// Rewrites each term (upstream `Transform`, used for field label conversion such as
    /// `spec.host` → `spec.nodeName`). The function returns the new field and value.
    pub fn transform<E, F>(self, mut f: F) -> Result<Self, E>
    where
        F: FnMut(&str, &str) -> Result<(String, String), E>,
    {
        let requirements = self
            .requirements
            .into_iter()
            .map(|r| {
                let (field, value) = f(&r.field, &r.value)?;
                Ok(FieldRequirement {
                    field,
                    operator: r.operator,
                    value,
                })
            })
            .collect::<Result<_, E>>()?;
        Ok(FieldSelector { requirements })
    }
}

/// Terms joined by `,` (upstream `String()`).
impl fmt::Display for FieldSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

impl FromStr for FieldSelector {
    type Err = FieldSelectorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FieldSelector::parse(s)
    }
}

/// Escapes `\`, `,` and `=` in a value (upstream `EscapeValue`).
pub fn escape_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | ',' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Reverses [`escape_value`] (upstream `UnescapeValue`).
pub fn unescape_value(s: &str) -> Result<String, FieldSelectorError> {
    if !s.contains(['\\', ',', '=']) {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut in_slash = false;
    for c in s.chars() {
        if in_slash {
            match c {
                '\\' | ',' | '=' => out.push(c),
                other => return Err(FieldSelectorError::InvalidEscape(format!("\\{other}"))),
            }
            in_slash = false;
            continue;
        }
        match c {
            '\\' => in_slash = true,
            ',' | '=' => return Err(FieldSelectorError::UnescapedRune(c)),
            other => out.push(other),
        }
    }
    if in_slash {
        return Err(FieldSelectorError::InvalidEscape("\\".to_string()));
    }
    Ok(out)
}

/// Splits on unescaped commas.
fn split_terms(selector: &str) -> Vec<&str> {
    if selector.is_empty() {
        return Vec::new();
    }
    let mut terms = Vec::new();
    let mut start = 0;
    let mut in_slash = false;
    for (i, c) in selector.char_indices() {
        if in_slash {
            in_slash = false;
        } else if c == '\\' {
            in_slash = true;
        } else if c == ',' {
            terms.push(&selector[start..i]);
            start = i + 1;
        }
    }
    terms.push(&selector[start..]);
    terms
}

/// Splits a term at the first operator, trying `!=`, `==`, `=` at each position.
fn split_term(term: &str) -> Option<(&str, FieldOperator, &str)> {
    const OPS: [(&str, FieldOperator); 3] = [
        ("!=", FieldOperator::NotEquals),
        ("==", FieldOperator::DoubleEquals),
        ("=", FieldOperator::Equals),
    ];
    for (i, _) in term.char_indices() {
        let rest = &term[i..];
        for (text, op) in OPS {
            if let Some(value) = rest.strip_prefix(text) {
                return Some((&term[..i], op, value));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn parse_and_print() {
        let cases = [
            ("", ""),
            ("metadata.name=foo", "metadata.name=foo"),
            ("b==2,a!=1", "a!=1,b=2"),
            ("x=a\\,b\\=c\\\\d", "x=a\\,b\\=c\\\\d"),
            ("x=", "x="),
            (",x=1,,", "x=1"),
            (
                "a=b=c",
                "invalid field selector: unescaped character in value: 61",
            ),
        ];
        for (input, want) in cases {
            match FieldSelector::parse(input) {
                Ok(sel) => assert_eq!(sel.to_string(), want, "{input:?}"),
                Err(e) => assert_eq!(e.to_string(), want, "{input:?}"),
            }
        }
        let sel = FieldSelector::parse("x=a\\,b\\=c\\\\d").unwrap();
        assert_eq!(sel.requirements()[0].value, "a,b=c\\d");
    }

    #[test]
    fn round_trip_and_validity() {
        for good in ["x=a,y=b,z=c", "", "x!=a,y=b", "x=a||y\\=b", "x=a\\=\\=b", "함=수"] {
            let sel = FieldSelector::parse(good).unwrap_or_else(|e| panic!("{good:?}: {e}"));
            assert_eq!(sel.to_string(), good);
        }
        for bad in [
            "x=a||y=b",
            "x==a==b",
            "x=a,b",
            "x in (a)",
            "x in (a,b,c)",
            "x",
            "k=\\a",
        ] {
            assert!(FieldSelector::parse(bad).is_err(), "{bad:?}");
        }
        let cases = [
            ("k=\\,,k2=v2", vec!["k=\\,", "k2=v2"]),
            ("k=\\\\,k2=v2", vec!["k=\\\\", "k2=v2"]),
            ("k=\\\\\\,,k2=v2", vec!["k=\\\\\\,", "k2=v2"]),
            ("a=a,", vec!["a=a", ""]),
            ("함=수,목=록", vec!["함=수", "목=록"]),
        ];
        for (input, want) in cases {
            assert_eq!(split_terms(input), want, "{input:?}");
        }
        assert_eq!(split_term("함=수"), Some(("함", FieldOperator::Equals, "수")));
        assert_eq!(split_term("b==v"), Some(("b", FieldOperator::DoubleEquals, "v")));
        assert_eq!(split_term("a"), None);
    }

    #[test]
    fn parse_errors() {
        let cases = [
            ("foo", "invalid selector: 'foo'; can't understand 'foo'"),
            ("a=1,foo", "invalid selector: 'a=1,foo'; can't understand 'foo'"),
            ("x=a\\b", "invalid field selector: invalid escape sequence: \\b"),
            ("x=a\\", "invalid field selector: invalid escape sequence: \\"),
            (
                "x==a=b",
                "invalid field selector: unescaped character in value: 61",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                FieldSelector::parse(input).unwrap_err().to_string(),
                want,
                "{input:?}"
            );
        }
    }

    #[test]
    fn matching() {
        let obj: BTreeMap<&str, &str> = [("metadata.name", "web"), ("status.phase", "Running")].into();
        let get = |f: &str| obj.get(f).map(|s| s.to_string());
        let cases = [
            ("", true),
            ("metadata.name=web", true),
            ("metadata.name==web", true),
            ("metadata.name!=web", false),
            ("metadata.name=web,status.phase=Pending", false),
            ("spec.nodeName=", true),
            ("spec.nodeName!=", false),
            ("spec.nodeName!=n1", true),
        ];
        for (sel, want) in cases {
            assert_eq!(FieldSelector::parse(sel).unwrap().matches(get), want, "{sel:?}");
        }
    }

    #[test]
    fn helpers() {
        let sel = FieldSelector::parse("metadata.name=web,spec.nodeName!=x").unwrap();
        assert_eq!(sel.requires_exact_match("metadata.name"), Some("web"));
        assert_eq!(sel.requires_exact_match("spec.nodeName"), None);
        assert!(sel.check_supported(&["metadata.name", "spec.nodeName"]).is_ok());
        assert_eq!(
            sel.check_supported(&["metadata.name"]).unwrap_err().to_string(),
            "field label not supported: spec.nodeName"
        );
        let renamed = sel
            .transform(|f, v| {
                Ok::<_, FieldSelectorError>((f.replace("spec.nodeName", "spec.host"), v.to_string()))
            })
            .unwrap();
        assert_eq!(renamed.to_string(), "metadata.name=web,spec.host!=x");
        assert_eq!(FieldSelector::from_set([("a", "b,c")]).to_string(), "a=b\\,c");
        assert!(FieldSelector::everything().is_empty());
        assert_eq!(escape_value("a=b"), "a\\=b");
        assert_eq!(unescape_value("a\\=b").unwrap(), "a=b");
    }
}
