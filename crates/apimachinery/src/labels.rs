//! Label selectors (upstream `k8s.io/apimachinery/pkg/labels` and `metav1.LabelSelectorAsSelector`).
//!
//! [`LabelSelector::parse`] accepts the string form used by `?labelSelector=` and `kubectl -l`
//! (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-joined,
//! whitespace tolerant) with upstream's error messages. [`LabelSelector::from_metav1`] converts a
//! `metav1.LabelSelector` object.
//!
//! Semantics of the special selectors, as upstream:
//! - an empty selector (`""`, `{}`, `{"matchLabels": {}}`) selects **everything**;
//! - a `null` / absent `metav1.LabelSelector` selects **nothing** ([`LabelSelector::nothing`]).
//!   Callers that treat an absent selector as "everything" (e.g. list options) must decide that
//!   themselves before calling `from_metav1`.

use crate::field::{self, FieldErr, Path};
use crate::gofmt;
use crate::validation::{is_qualified_name, is_valid_label_value};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;

/// A label selector parse or validation error; `Display` is upstream's error text.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SelectorError {
    /// Upstream's message, e.g. `unable to parse requirement: found '', expected: identifier`.
    pub message: String,
    /// The field errors behind the message, when it came from requirement validation.
    pub field_errors: Vec<FieldErr>,
}

impl SelectorError {
    fn syntax(message: impl Into<String>) -> Self {
        SelectorError {
            message: message.into(),
            field_errors: Vec::new(),
        }
    }

    fn fields(errs: Vec<FieldErr>) -> Self {
        SelectorError {
            message: field::aggregate(&errs),
            field_errors: errs,
        }
    }

    fn wrap_requirement(self) -> Self {
        SelectorError {
            message: format!("unable to parse requirement: {}", self.message),
            ..self
        }
    }
}

/// Selector operators (upstream `selection.Operator`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `in`
    In,
    /// `notin`
    NotIn,
    /// `=`
    Equals,
    /// `==`
    DoubleEquals,
    /// `!=`
    NotEquals,
    /// `exists` (bare key)
    Exists,
    /// `!` (negated bare key)
    DoesNotExist,
    /// `gt` (`>`)
    GreaterThan,
    /// `lt` (`<`)
    LessThan,
}

impl Operator {
    /// Upstream's operator string (`in`, `notin`, `=`, `==`, `!=`, `exists`, `!`, `gt`, `lt`).
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::In => "in",
            Operator::NotIn => "notin",
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::Exists => "exists",
            Operator::DoesNotExist => "!",
            Operator::GreaterThan => "gt",
            Operator::LessThan => "lt",
        }
    }
}

/// Anything labels can be looked up in.
pub trait LabelSource {
    /// The value of label `key`, if present.
    fn label(&self, key: &str) -> Option<&str>;
}

impl LabelSource for BTreeMap<String, String> {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).map(String::as_str)
    }
}

impl<S: std::hash::BuildHasher> LabelSource for HashMap<String, String, S> {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).map(String::as_str)
    }
}

/// A JSON object of labels; non-string values count as absent.
impl LabelSource for serde_json::Map<String, Value> {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }
}

/// A JSON labels map (`metadata.labels`); `null` or a non-object means "no labels".
impl LabelSource for Value {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }
}

/// One requirement: `key <op> values`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    key: String,
    operator: Operator,
    values: Vec<String>,
}

impl Requirement {
    /// Upstream `NewRequirement` with no field path: validates the key, the value count for the
    /// operator and each value. All problems are reported together, like upstream's aggregate.
    pub fn new(key: &str, operator: Operator, values: Vec<String>) -> Result<Self, SelectorError> {
        Self::with_path(key, operator, values, &Path::default())
    }

    fn with_path(
        key: &str,
        operator: Operator,
        values: Vec<String>,
        path: &Path,
    ) -> Result<Self, SelectorError> {
        let mut errs = Vec::new();
        if let Some(e) = validate_label_key(key, &path.child("key")) {
            errs.push(e);
        }
        let values_path = path.child("values");
        let bad_values = || Value::from(values.clone());
        match operator {
            Operator::In | Operator::NotIn => {
                if values.is_empty() {
                    errs.push(FieldErr::invalid(
                        &values_path,
                        bad_values(),
                        "for 'in', 'notin' operators, values set can't be empty",
                    ));
                }
            }
            Operator::Equals | Operator::DoubleEquals | Operator::NotEquals => {
                if values.len() != 1 {
                    errs.push(FieldErr::invalid(
                        &values_path,
                        bad_values(),
                        "exact-match compatibility requires one single value",
                    ));
                }
            }
            Operator::Exists | Operator::DoesNotExist => {
                if !values.is_empty() {
                    errs.push(FieldErr::invalid(
                        &values_path,
                        bad_values(),
                        "values set must be empty for exists and does not exist",
                    ));
                }
            }
            Operator::GreaterThan | Operator::LessThan => {
                if values.len() != 1 {
                    errs.push(FieldErr::invalid(
                        &values_path,
                        bad_values(),
                        "for 'Gt', 'Lt' operators, exactly one value is required",
                    ));
                }
                for (i, v) in values.iter().enumerate() {
                    if parse_go_int(v).is_none() {
                        errs.push(FieldErr::invalid(
                            values_path.index(i),
                            v.as_str(),
                            "for 'Gt', 'Lt' operators, the value must be an integer",
                        ));
                    }
                }
            }
        }
        for (i, v) in values.iter().enumerate() {
            let msgs = is_valid_label_value(v);
            if !msgs.is_empty() {
                errs.push(FieldErr::invalid(
                    values_path.index(i).key(key),
                    v.as_str(),
                    msgs.join("; "),
                ));
            }
        }
        if errs.is_empty() {
            Ok(Requirement {
                key: key.to_string(),
                operator,
                values,
            })
        } else {
            Err(SelectorError::fields(errs))
        }
    }

    /// The label key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The values, in the order given (the string form sorts them).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// Upstream `Requirement.Matches`.
    pub fn matches<L: LabelSource + ?Sized>(&self, labels: &L) -> bool {
        let has = |v: &str| self.values.iter().any(|x| x == v);
        match self.operator {
            Operator::In | Operator::Equals | Operator::DoubleEquals => {
                labels.label(&self.key).is_some_and(has)
            }
            Operator::NotIn | Operator::NotEquals => !labels.label(&self.key).is_some_and(has),
            Operator::Exists => labels.label(&self.key).is_some(),
            Operator::DoesNotExist => labels.label(&self.key).is_none(),
            Operator::GreaterThan | Operator::LessThan => {
                let Some(actual) = labels.label(&self.key).and_then(parse_go_int) else {
                    return false;
                };
                let [want] = self.values.as_slice() else {
                    return false;
                };
                let Some(want) = parse_go_int(want) else {
                    return false;
                };
                if self.operator == Operator::GreaterThan {
                    actual > want
                } else {
                    actual < want
                }
            }
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operator == Operator::DoesNotExist {
            f.write_str("!")?;
        }
        f.write_str(&self.key)?;
        let (op, parens) = match self.operator {
            Operator::Exists | Operator::DoesNotExist => return Ok(()),
            Operator::Equals => ("=", false),
            Operator::DoubleEquals => ("==", false),
            Operator::NotEquals => ("!=", false),
            Operator::In => (" in ", true),
            Operator::NotIn => (" notin ", true),
            Operator::GreaterThan => (">", false),
            Operator::LessThan => ("<", false),
        };
        f.write_str(op)?;
        if parens {
            f.write_str("(")?;
        }
        let mut sorted: Vec<&str> = self.values.iter().map(String::as_str).collect();
        sorted.sort_unstable();
        f.write_str(&sorted.join(","))?;
        if parens {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// Go `strconv.ParseInt(s, 10, 64)`.
fn parse_go_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn validate_label_key(key: &str, path: &Path) -> Option<FieldErr> {
    let msgs = is_qualified_name(key);
    (!msgs.is_empty()).then(|| FieldErr::invalid(path, key, msgs.join("; ")))
}

/// A label selector: the AND of its requirements, or the match-nothing selector.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LabelSelector {
    requirements: Vec<Requirement>,
    nothing: bool,
}

impl LabelSelector {
    /// Selects everything (upstream `labels.Everything()`).
    pub fn everything() -> Self {
        LabelSelector::default()
    }

    /// Selects nothing (upstream `labels.Nothing()`), e.g. a `null` metav1 selector.
    pub fn nothing() -> Self {
        LabelSelector {
            requirements: Vec::new(),
            nothing: true,
        }
    }

    /// Parses the string form (upstream `labels.Parse`). Requirements are sorted by key.
    pub fn parse(selector: &str) -> Result<Self, SelectorError> {
        let mut requirements = Parser::new(selector).parse()?;
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(LabelSelector {
            requirements,
            nothing: false,
        })
    }

    /// A selector requiring each `key=value` (upstream `SelectorFromSet`, no validation).
    pub fn from_set<'a>(set: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut requirements: Vec<Requirement> = set
            .into_iter()
            .map(|(k, v)| Requirement {
                key: k.to_string(),
                operator: Operator::Equals,
                values: vec![v.to_string()],
            })
            .collect();
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        LabelSelector {
            requirements,
            nothing: false,
        }
    }

    /// Converts a `metav1.LabelSelector` JSON object (upstream `LabelSelectorAsSelector`):
    /// `null` selects nothing, an object without `matchLabels`/`matchExpressions` entries selects
    /// everything. Operators `In`, `NotIn`, `Exists`, `DoesNotExist`; invalid keys/values and
    /// In/NotIn without values are errors with upstream's messages.
    pub fn from_metav1(selector: &Value) -> Result<Self, SelectorError> {
        let obj = match selector {
            Value::Null => return Ok(Self::nothing()),
            Value::Object(obj) => obj,
            other => {
                return Err(SelectorError::syntax(format!(
                    "json: cannot unmarshal {} into Go value of type v1.LabelSelector",
                    gofmt::json_kind(other)
                )))
            }
        };
        let match_labels = match obj.get("matchLabels") {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(m),
            Some(other) => return Err(type_error("matchLabels", other, "map[string]string")),
        };
        let exprs = match obj.get("matchExpressions") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(a)) => a.as_slice(),
            Some(other) => {
                return Err(type_error(
                    "matchExpressions",
                    other,
                    "[]v1.LabelSelectorRequirement",
                ))
            }
        };
        if match_labels.is_none_or(|m| m.is_empty()) && exprs.is_empty() {
            return Ok(Self::everything());
        }
        let mut requirements = Vec::new();
        for (k, v) in match_labels.into_iter().flatten() {
            let v = v.as_str().ok_or_else(|| type_error("matchLabels", v, "string"))?;
            requirements.push(Requirement::new(k, Operator::Equals, vec![v.to_string()])?);
        }
        for expr in exprs {
            let operator = expr.get("operator").and_then(Value::as_str).unwrap_or("");
            let op = match operator {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                other => {
                    return Err(SelectorError::syntax(format!(
                        "{} is not a valid label selector operator",
                        gofmt::quote(other)
                    )))
                }
            };
            let key = expr.get("key").and_then(Value::as_str).unwrap_or("");
            let values = match expr.get("values") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(vs)) => vs
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .ok_or_else(|| type_error("values", v, "string"))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                Some(other) => return Err(type_error("values", other, "[]string")),
            };
            requirements.push(Requirement::new(key, op, values)?);
        }
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(LabelSelector {
            requirements,
            nothing: false,
        })
    }

    /// Adds requirements, keeping them sorted by key (upstream `Selector.Add`).
    pub fn add_requirements(mut self, reqs: impl IntoIterator<Item = Requirement>) -> Self {
        if self.nothing {
            return self;
        }
        self.requirements.extend(reqs);
        self.requirements.sort_by(|a, b| a.key.cmp(&b.key));
        self
    }

    /// Whether `labels` satisfy every requirement.
    pub fn matches<L: LabelSource + ?Sized>(&self, labels: &L) -> bool {
        !self.nothing && self.requirements.iter().all(|r| r.matches(labels))
    }

    /// [`matches`](Self::matches) for a JSON labels map (`metadata.labels`, possibly `null`).
    pub fn matches_value(&self, labels: &Value) -> bool {
        self.matches(labels)
    }

    /// True when the selector does not restrict anything (upstream `Empty()`); the
    /// match-nothing selector is not empty.
    pub fn is_empty(&self) -> bool {
        !self.nothing && self.requirements.is_empty()
    }

    /// True for the match-nothing selector.
    pub fn matches_nothing(&self) -> bool {
        self.nothing
    }

    /// The requirements, sorted by key.
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// If some requirement on `label` pins it to a single value (`=`, `==`, or `in` with one
    /// value), that value (upstream `RequiresExactMatch`).
    pub fn requires_exact_match(&self, label: &str) -> Option<&str> {
        let r = self.requirements.iter().find(|r| r.key == label)?;
        match (r.operator, r.values.as_slice()) {
            (Operator::Equals | Operator::DoubleEquals | Operator::In, [v]) => Some(v),
            _ => None,
        }
    }
}

fn type_error(field: &str, got: &Value, go_type: &str) -> SelectorError {
    SelectorError::syntax(format!(
        "json: cannot unmarshal {} into Go struct field LabelSelector.{field} of type {go_type}",
        gofmt::json_kind(got)
    ))
}

/// The canonical string form: requirements joined by `,` (used for Scale `status.selector`).
/// The match-nothing selector prints as the empty string, as upstream.
impl fmt::Display for LabelSelector {
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

impl FromStr for LabelSelector {
    type Err = SelectorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LabelSelector::parse(s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

fn keyword(s: &[u8]) -> Option<Token> {
    Some(match s {
        b")" => Token::ClosedPar,
        b"," => Token::Comma,
        b"!" => Token::DoesNotExist,
        b"==" => Token::DoubleEquals,
        b"=" => Token::Equals,
        b">" => Token::GreaterThan,
        b"in" => Token::In,
        b"<" => Token::LessThan,
        b"!=" => Token::NotEquals,
        b"notin" => Token::NotIn,
        b"(" => Token::OpenPar,
        _ => return None,
    })
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// Upstream's byte lexer; a NUL byte ends the input, as in Go.
struct Lexer<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn read(&mut self) -> u8 {
        match self.s.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                b
            }
            None => 0,
        }
    }

    fn unread(&mut self) {
        self.pos -= 1;
    }

    fn lex(&mut self) -> (Token, String) {
        let mut ch = self.read();
        while is_whitespace(ch) {
            ch = self.read();
        }
        if ch == 0 {
            return (Token::EndOfString, String::new());
        }
        self.unread();
        if is_special(ch) {
            self.scan_special()
        } else {
            self.scan_id_or_keyword()
        }
    }

    fn scan_id_or_keyword(&mut self) -> (Token, String) {
        let start = self.pos;
        loop {
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if is_special(ch) || is_whitespace(ch) {
                self.unread();
                break;
            }
        }
        let end = if self.pos > start && self.s.get(self.pos - 1) == Some(&0) {
            self.pos - 1
        } else {
            self.pos
        };
        let lit = &self.s[start..end];
        let text = String::from_utf8_lossy(lit).into_owned();
        (keyword(lit).unwrap_or(Token::Identifier), text)
    }

    fn scan_special(&mut self) -> (Token, String) {
        let mut buffer = Vec::new();
        let mut last: Option<(Token, String)> = None;
        loop {
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if !is_special(ch) {
                self.unread();
                break;
            }
            buffer.push(ch);
            if let Some(tok) = keyword(&buffer) {
                last = Some((tok, String::from_utf8_lossy(&buffer).into_owned()));
            } else if last.is_some() {
                self.unread();
                break;
            }
        }
        last.unwrap_or_else(|| {
            (
                Token::Error,
                format!(
                    "error expected: keyword found '{}'",
                    String::from_utf8_lossy(&buffer)
                ),
            )
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    KeyAndOperator,
    Values,
}

struct Parser {
    items: Vec<(Token, String)>,
    position: usize,
}

impl Parser {
    fn new(selector: &str) -> Self {
        let mut lexer = Lexer {
            s: selector.as_bytes(),
            pos: 0,
        };
        let mut items = Vec::new();
        loop {
            let item = lexer.lex();
            let end = item.0 == Token::EndOfString;
            items.push(item);
            if end {
                break;
            }
        }
        Parser { items, position: 0 }
    }

    fn map_context(tok: Token, ctx: Context) -> Token {
        match (ctx, tok) {
            (Context::Values, Token::In | Token::NotIn) => Token::Identifier,
            _ => tok,
        }
    }

    fn lookahead(&self, ctx: Context) -> (Token, String) {
        let (tok, lit) = &self.items[self.position.min(self.items.len() - 1)];
        (Self::map_context(*tok, ctx), lit.clone())
    }

    fn consume(&mut self, ctx: Context) -> (Token, String) {
        let item = self.lookahead(ctx);
        self.position += 1;
        item
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, SelectorError> {
        let mut requirements = Vec::new();
        loop {
            let (tok, lit) = self.lookahead(Context::Values);
            match tok {
                Token::Identifier | Token::DoesNotExist => {
                    let r = self
                        .parse_requirement()
                        .map_err(SelectorError::wrap_requirement)?;
                    requirements.push(r);
                    let (t, l) = self.consume(Context::Values);
                    match t {
                        Token::EndOfString => return Ok(requirements),
                        Token::Comma => {
                            let (t2, l2) = self.lookahead(Context::Values);
                            if t2 != Token::Identifier && t2 != Token::DoesNotExist {
                                return Err(SelectorError::syntax(format!(
                                    "found '{l2}', expected: identifier after ','"
                                )));
                            }
                        }
                        _ => {
                            return Err(SelectorError::syntax(format!(
                                "found '{l}', expected: ',' or 'end of string'"
                            )))
                        }
                    }
                }
                Token::EndOfString => return Ok(requirements),
                _ => {
                    return Err(SelectorError::syntax(format!(
                        "found '{lit}', expected: !, identifier, or 'end of string'"
                    )))
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement, SelectorError> {
        let (key, operator) = self.parse_key_and_infer_operator()?;
        if let Some(op @ (Operator::Exists | Operator::DoesNotExist)) = operator {
            return Requirement::new(&key, op, Vec::new());
        }
        let op = self.parse_operator()?;
        let values = match op {
            Operator::In | Operator::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        Requirement::new(&key, op, values.into_iter().collect())
    }

    fn parse_key_and_infer_operator(&mut self) -> Result<(String, Option<Operator>), SelectorError> {
        let mut operator = None;
        let (mut tok, mut literal) = self.consume(Context::Values);
        if tok == Token::DoesNotExist {
            operator = Some(Operator::DoesNotExist);
            (tok, literal) = self.consume(Context::Values);
        }
        if tok != Token::Identifier {
            return Err(SelectorError::syntax(format!(
                "found '{literal}', expected: identifier"
            )));
        }
        // Upstream validates the key against a nil field path here, hence the `<nil>` prefix.
        let msgs = is_qualified_name(&literal);
        if !msgs.is_empty() {
            return Err(SelectorError::fields(vec![FieldErr::invalid(
                "<nil>",
                literal.as_str(),
                msgs.join("; "),
            )]));
        }
        let (t, _) = self.lookahead(Context::Values);
        if (t == Token::EndOfString || t == Token::Comma) && operator != Some(Operator::DoesNotExist) {
            operator = Some(Operator::Exists);
        }
        Ok((literal, operator))
    }

    fn parse_operator(&mut self) -> Result<Operator, SelectorError> {
        let (tok, lit) = self.consume(Context::KeyAndOperator);
        Ok(match tok {
            Token::In => Operator::In,
            Token::Equals => Operator::Equals,
            Token::DoubleEquals => Operator::DoubleEquals,
            Token::GreaterThan => Operator::GreaterThan,
            Token::LessThan => Operator::LessThan,
            Token::NotIn => Operator::NotIn,
            Token::NotEquals => Operator::NotEquals,
            _ => {
                return Err(SelectorError::syntax(format!(
                    "found '{lit}', expected: in, notin, =, ==, !=, gt, lt"
                )))
            }
        })
    }

    fn parse_values(&mut self) -> Result<BTreeSet<String>, SelectorError> {
        let (tok, lit) = self.consume(Context::Values);
        if tok != Token::OpenPar {
            return Err(SelectorError::syntax(format!("found '{lit}' expected: '('")));
        }
        let (tok, lit) = self.lookahead(Context::Values);
        match tok {
            Token::Identifier | Token::Comma => {
                let s = self.parse_identifiers_list()?;
                let (tok, _) = self.consume(Context::Values);
                if tok != Token::ClosedPar {
                    return Err(SelectorError::syntax(format!("found '{lit}', expected: ')'")));
                }
                Ok(s)
            }
            Token::ClosedPar => {
                self.consume(Context::Values);
                Ok(BTreeSet::from([String::new()]))
            }
            _ => Err(SelectorError::syntax(format!(
                "found '{lit}', expected: ',', ')' or identifier"
            ))),
        }
    }

    fn parse_identifiers_list(&mut self) -> Result<BTreeSet<String>, SelectorError> {
        let mut s = BTreeSet::new();
        loop {
            let (tok, lit) = self.consume(Context::Values);
            match tok {
                Token::Identifier => {
                    s.insert(lit);
                    let (tok2, lit2) = self.lookahead(Context::Values);
                    match tok2 {
                        Token::Comma => continue,
                        Token::ClosedPar => return Ok(s),
                        _ => {
                            return Err(SelectorError::syntax(format!(
                                "found '{lit2}', expected: ',' or ')'"
                            )))
                        }
                    }
                }
                Token::Comma => {
                    if s.is_empty() {
                        s.insert(String::new());
                    }
                    let (tok2, _) = self.lookahead(Context::Values);
                    if tok2 == Token::ClosedPar {
                        s.insert(String::new());
                        return Ok(s);
                    }
                    if tok2 == Token::Comma {
                        s.insert(String::new());
                    }
                }
                _ => {
                    return Err(SelectorError::syntax(format!(
                        "found '{lit}', expected: ',', or identifier"
                    )))
                }
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<BTreeSet<String>, SelectorError> {
        let (tok, _) = self.lookahead(Context::Values);
        if tok == Token::EndOfString || tok == Token::Comma {
            return Ok(BTreeSet::from([String::new()]));
        }
        let (tok, lit) = self.consume(Context::Values);
        if tok == Token::Identifier {
            return Ok(BTreeSet::from([lit]));
        }
        Err(SelectorError::syntax(format!(
            "found '{lit}', expected: identifier"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parse_and_print() {
        let cases = [
            ("", ""),
            ("x=a,y=b,z=c", "x=a,y=b,z=c"),
            ("x = a, y == b", "x=a,y==b"),
            ("x!=a,y!=b", "x!=a,y!=b"),
            ("z,x,y", "x,y,z"),
            ("!x", "!x"),
            (
                " x in (foo,,baz) , y , z notin () ",
                "x in (,baz,foo),y,z notin ()",
            ),
            ("x in (c, a, b, a)", "x in (a,b,c)"),
            ("x>1,y<2", "x>1,y<2"),
            ("x=", "x="),
            ("x=,z= ", "x=,z="),
            ("in in (in)", "in in (in)"),
            ("app.kubernetes.io/name=web", "app.kubernetes.io/name=web"),
            ("x\tin\n(a)", "x in (a)"),
            ("x in (a,)", "x in (,a)"),
        ];
        for (input, want) in cases {
            let sel = LabelSelector::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(sel.to_string(), want, "{input:?}");
        }
    }

    #[test]
    fn parse_validity() {
        let cases = [
            ("\rx", true),
            ("this-is-a-dns.domain.com/key-with-dash", true),
            ("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", true),
            ("foo  in\t (abc)", true),
            ("x notin\n (abc)", true),
            ("x in ()", true),
            ("x notin (abc,,def),bar,z in (),w", true),
            ("x notin ( )", true),
            ("x notin (, a)", true),
            ("a ", true),
            ("a in (x,y,notin, z,in)", true),
            ("x>1,z<5", true),
            ("x=a||y=b", false),
            ("x==a==b", false),
            ("!x=a", false),
            ("x<a", false),
            ("x,,y", false),
            (",x,y", false),
            ("x nott in (y)", false),
            ("a in (xyz),", false),
            ("a in (xyz)b notin ()", false),
            ("a in (xyz abc)", false),
            ("a notin(", false),
            ("a (", false),
            ("(", false),
        ];
        for (input, valid) in cases {
            assert_eq!(LabelSelector::parse(input).is_ok(), valid, "{input:?}");
        }
        let sel = LabelSelector::parse("a in (x,y,notin, z,in)").unwrap();
        assert_eq!(sel.requirements()[0].values(), ["in", "notin", "x", "y", "z"]);
    }

    #[test]
    fn parse_errors() {
        let key_msg = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and \
                       end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex \
                       used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        let cases = [
            ("x=a=b", "found '=', expected: ',' or 'end of string'".to_string()),
            ("x==a==b", "found '==', expected: ',' or 'end of string'".to_string()),
            (",", "found ',', expected: !, identifier, or 'end of string'".to_string()),
            ("x,", "found '', expected: identifier after ','".to_string()),
            ("x=a,", "found '', expected: identifier after ','".to_string()),
            ("!x=a", "found '=', expected: ',' or 'end of string'".to_string()),
            ("x in", "unable to parse requirement: found '' expected: '('".to_string()),
            ("x in (a", "unable to parse requirement: found '', expected: ',' or ')'".to_string()),
            ("x in a", "unable to parse requirement: found 'a' expected: '('".to_string()),
            ("x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier".to_string()),
            ("x in (a,=)", "unable to parse requirement: found '=', expected: ',', or identifier".to_string()),
            ("x=(a)", "unable to parse requirement: found '(', expected: identifier".to_string()),
            ("x y", "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt".to_string()),
            ("!", "unable to parse requirement: found '', expected: identifier".to_string()),
            ("x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer".to_string()),
            ("-x", format!("unable to parse requirement: <nil>: Invalid value: \"-x\": {key_msg}")),
        ];
        for (input, want) in cases {
            let err = LabelSelector::parse(input).expect_err(input);
            assert_eq!(err.to_string(), want, "{input:?}");
        }
        let err = LabelSelector::parse("x=a b").unwrap_err();
        assert_eq!(err.to_string(), "found 'b', expected: ',' or 'end of string'");
        let err = LabelSelector::parse("x=a||y=b").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("unable to parse requirement: values[0][x]: Invalid value: \"a||y\""));
        let err = LabelSelector::parse("x<-2").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("unable to parse requirement: values[0][x]: Invalid value: \"-2\""));
        let err = LabelSelector::parse("x=-a").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("unable to parse requirement: values[0][x]: Invalid value: \"-a\": a valid label"));
        assert_eq!(err.field_errors.len(), 1);
    }

    #[test]
    fn matching() {
        let l = labels(&[("app", "web"), ("tier", "fe"), ("n", "5")]);
        let cases = [
            ("", true),
            ("app=web", true),
            ("app==web", true),
            ("app=db", false),
            ("app!=db", true),
            ("missing!=x", true),
            ("app in (db,web)", true),
            ("app notin (db,web)", false),
            ("missing notin (x)", true),
            ("missing in (x)", false),
            ("app", true),
            ("!app", false),
            ("!missing", true),
            ("app=web,tier=fe", true),
            ("app=web,tier=be", false),
            ("n>4", true),
            ("n>5", false),
            ("n<6", true),
            ("app>1", false),
            ("missing>1", false),
            ("missing=", false),
        ];
        for (sel, want) in cases {
            let s = LabelSelector::parse(sel).unwrap();
            assert_eq!(s.matches(&l), want, "{sel:?}");
            assert_eq!(
                s.matches_value(&json!({"app": "web", "tier": "fe", "n": "5"})),
                want,
                "{sel:?} (json)"
            );
        }
        let s = LabelSelector::parse("app=web").unwrap();
        assert!(!s.matches_value(&Value::Null));
        assert!(LabelSelector::parse("!app").unwrap().matches_value(&Value::Null));
        assert!(LabelSelector::everything().matches_value(&Value::Null));
    }

    #[test]
    fn metav1_conversion() {
        let none = LabelSelector::from_metav1(&Value::Null).unwrap();
        assert!(none.matches_nothing() && !none.is_empty());
        assert!(!none.matches(&labels(&[])));
        assert_eq!(none.to_string(), "");

        for empty in [
            json!({}),
            json!({"matchLabels": {}}),
            json!({"matchExpressions": []}),
        ] {
            let sel = LabelSelector::from_metav1(&empty).unwrap();
            assert!(sel.is_empty());
            assert!(sel.matches(&labels(&[("a", "b")])));
        }

        let sel = LabelSelector::from_metav1(&json!({
            "matchLabels": {"app": "web"},
            "matchExpressions": [
                {"key": "tier", "operator": "In", "values": ["fe", "be"]},
                {"key": "env", "operator": "NotIn", "values": ["prod"]},
                {"key": "app", "operator": "Exists"},
                {"key": "legacy", "operator": "DoesNotExist"}
            ]
        }))
        .unwrap();
        assert_eq!(
            sel.to_string(),
            "app=web,app,env notin (prod),!legacy,tier in (be,fe)"
        );
        assert!(sel.matches(&labels(&[("app", "web"), ("tier", "fe")])));
        assert!(!sel.matches(&labels(&[("app", "web"), ("tier", "fe"), ("legacy", "1")])));
        assert!(!sel.matches(&labels(&[("app", "web"), ("tier", "x")])));
        assert_eq!(sel.requires_exact_match("app"), Some("web"));
        assert_eq!(sel.requires_exact_match("tier"), None);
    }

    #[test]
    fn metav1_errors() {
        let cases = [
            (
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]}),
                "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]}),
                "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist",
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}),
                "\"Gt\" is not a valid label selector operator",
            ),
            (json!({"matchLabels": "x"}), "json: cannot unmarshal string into Go struct field LabelSelector.matchLabels of type map[string]string"),
            (json!([]), "json: cannot unmarshal array into Go value of type v1.LabelSelector"),
        ];
        for (input, want) in cases {
            let err = LabelSelector::from_metav1(&input).unwrap_err();
            assert_eq!(err.to_string(), want, "{input}");
        }
        let err = LabelSelector::from_metav1(&json!({"matchLabels": {"-a": "-b"}})).unwrap_err();
        assert_eq!(err.field_errors.len(), 2);
        assert!(err
            .to_string()
            .starts_with("[key: Invalid value: \"-a\": name part must"));
        assert!(err
            .to_string()
            .contains(", values[0][-a]: Invalid value: \"-b\": a valid label"));
    }

    #[test]
    fn requirement_api() {
        let r = Requirement::new("a", Operator::In, vec!["y".into(), "x".into()]).unwrap();
        assert_eq!(r.to_string(), "a in (x,y)");
        assert_eq!(r.values(), ["y", "x"]);
        assert_eq!(r.operator().as_str(), "in");
        let err = Requirement::new("a", Operator::Equals, vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "values: Invalid value: []string{}: exact-match compatibility requires one single value"
        );
        let sel = LabelSelector::from_set([("b", "2"), ("a", "1")]);
        assert_eq!(sel.to_string(), "a=1,b=2");
        let sel = sel.add_requirements([Requirement::new("0", Operator::Exists, vec![]).unwrap()]);
        assert_eq!(sel.to_string(), "0,a=1,b=2");
        assert_eq!("x".parse::<LabelSelector>().unwrap().requirements()[0].key(), "x");
    }
}
