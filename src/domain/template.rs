//! The templates of `inject`: text with `{{ revvy://APP/FIELD }}` references (as `op inject`
//! reads `{{ op://vault/item/field }}`). APP is a name or a client ID, FIELD one of `run
//! --env`'s fields. A name may hold `/`: FIELD is what follows the last one. Other `{{ … }}`
//! are left as they are, for whatever reads the result.

use super::delivery::Field;
use super::{Invalid, Located};

const OPEN: &str = "{{";
const CLOSE: &str = "}}";
const SCHEME: &str = "revvy://";

/// A reference and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub app: String,
    pub field: Field,
    /// 1-based, of the `{{`.
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Reference(Reference),
}

/// The template's text and references, in order; a malformed reference is refused with its
/// line and column.
pub fn parse(text: &str) -> Result<Vec<Piece>, Located<Invalid>> {
    let mut places = Places { text, counted: 0, line: 1, line_start: 0 };
    let mut pieces = Vec::new();
    let mut rest = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find(OPEN) {
        let start = from + found;
        let inner_start = start + OPEN.len();
        if !text[inner_start..].trim_start().starts_with(SCHEME) {
            from = inner_start;
            continue;
        }
        let at = |err: Invalid| Located::at_offset(text, start, err);
        let Some(length) = text[inner_start..].find(CLOSE) else {
            return Err(at(Invalid::new("a reference is not closed", "end it with }}: {{ revvy://APP/FIELD }}")));
        };
        let inner = text[inner_start..inner_start + length].trim();
        let path = &inner[SCHEME.len()..];
        let shape = || {
            Invalid::new(format!("{inner:?} is not revvy://APP/FIELD"), "e.g. {{ revvy://billing-sync/client_secret }}")
        };
        let (app, field) = path.rsplit_once('/').ok_or_else(|| at(shape()))?;
        if app.trim().is_empty() || path.contains(['\n', '\r']) {
            return Err(at(shape()));
        }
        let field = field.trim().parse::<Field>().map_err(at)?;
        if start > rest {
            pieces.push(Piece::Text(text[rest..start].to_owned()));
        }
        let (line, column) = places.of(start);
        pieces.push(Piece::Reference(Reference { app: app.trim().to_owned(), field, line, column }));
        rest = inner_start + length + CLOSE.len();
        from = rest;
    }
    if rest < text.len() {
        pieces.push(Piece::Text(text[rest..].to_owned()));
    }
    Ok(pieces)
}

/// Lines counted as the parse moves forward: each reference's place costs the text since the
/// one before, not the whole text before it (a template of many references stays linear).
struct Places<'t> {
    text: &'t str,
    counted: usize,
    line: usize,
    line_start: usize,
}

impl Places<'_> {
    /// 1-based line and column (in characters) of `offset`, which never goes back.
    fn of(&mut self, offset: usize) -> (usize, usize) {
        for (index, byte) in self.text.as_bytes()[self.counted..offset].iter().enumerate() {
            if *byte == b'\n' {
                self.line += 1;
                self.line_start = self.counted + index + 1;
            }
        }
        self.counted = offset;
        (self.line, self.text[self.line_start..offset].chars().count() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_counted_forward_agree_with_counting_from_the_start() {
        let text =
            "é {{ revvy://a/client_id }}\nx\n  ü{{ revvy://b/name }}{{ revvy://c/name }}\r\n{{ revvy://d/name }}";
        let places: Vec<(usize, usize)> = parse(text)
            .unwrap()
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Reference(r) => Some((r.line, r.column)),
                Piece::Text(_) => None,
            })
            .collect();
        let expected: Vec<(usize, usize)> =
            text.match_indices("{{").map(|(at, _)| crate::domain::invalid::line_col(text, at)).collect();
        assert_eq!(places, expected);
    }

    #[test]
    fn references_are_found_with_their_place_and_the_rest_is_kept() {
        let text = "a={{ revvy://billing/sync/client_id }}\nb={{revvy://x/scopes}} {{ other }}\n";
        let pieces = parse(text).unwrap();
        let refs: Vec<&Reference> = pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Reference(r) => Some(r),
                Piece::Text(_) => None,
            })
            .collect();
        assert_eq!(refs.len(), 2);
        assert_eq!(
            (refs[0].app.as_str(), refs[0].field, refs[0].line, refs[0].column),
            ("billing/sync", Field::ClientId, 1, 3)
        );
        assert_eq!((refs[1].app.as_str(), refs[1].field, refs[1].line), ("x", Field::Scopes, 2));
        assert_eq!(pieces.last(), Some(&Piece::Text(" {{ other }}\n".to_owned())));
    }

    #[test]
    fn a_malformed_reference_is_refused_where_it_is() {
        let err = parse("ok\n  {{ revvy://app/secret }}\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, Some(3)));
        assert!(err.error.message.contains("\"secret\" is not a field"), "{}", err.error);
        assert_eq!(parse("{{ revvy://app }}").unwrap_err().line, 1);
        assert!(parse("x\n{{ revvy://app/name").unwrap_err().error.message.contains("not closed"));
    }
}
