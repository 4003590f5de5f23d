//! The values a statement sends, each with its PostgreSQL type, and each also as an SQL
//! literal for the statements a write sends together in one message (see `queue`).

use tokio_postgres::types::{ToSql, Type};

use crate::hex::to_hex;

/// A value a statement sends. Its type goes with it: a statement whose parameter types are
/// given goes out as one message (parse, bind, execute) and costs one round trip; an untyped
/// one is prepared first, then run, then closed: three.
pub(super) trait Typed: ToSql + Sync {
    fn pg_type(&self) -> Type;
    /// The value as an SQL literal of its type that reads the same whatever the session's
    /// settings (`standard_conforming_strings`, the client encoding): bytes and text travel
    /// as hex digits, numbers as digits. Nothing a value holds can end the literal.
    fn literal(&self) -> String;
    fn as_sql(&self) -> &(dyn ToSql + Sync);
}

impl Typed for i64 {
    fn pg_type(&self) -> Type {
        Type::INT8
    }
    fn literal(&self) -> String {
        format!("'{self}'::int8")
    }
    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        self
    }
}

impl Typed for Option<i64> {
    fn pg_type(&self) -> Type {
        Type::INT8
    }
    fn literal(&self) -> String {
        self.as_ref().map_or_else(|| "NULL::int8".to_owned(), Typed::literal)
    }
    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        self
    }
}

impl Typed for String {
    fn pg_type(&self) -> Type {
        Type::TEXT
    }
    fn literal(&self) -> String {
        format!("convert_from(decode('{}', 'hex'), 'UTF8')", to_hex(self.as_bytes()))
    }
    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        self
    }
}

impl Typed for Vec<u8> {
    fn pg_type(&self) -> Type {
        Type::BYTEA
    }
    fn literal(&self) -> String {
        self.as_slice().literal()
    }
    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        self
    }
}

impl Typed for &[u8] {
    fn pg_type(&self) -> Type {
        Type::BYTEA
    }
    fn literal(&self) -> String {
        format!("decode('{}', 'hex')", to_hex(self))
    }
    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        self
    }
}

impl Typed for Option<Vec<u8>> {
    fn pg_type(&self) -> Type {
        Type::BYTEA
    }
    fn literal(&self) -> String {
        self.as_ref().map_or_else(|| "NULL::bytea".to_owned(), Typed::literal)
    }
    fn as_sql(&self) -> &(dyn ToSql + Sync) {
        self
    }
}

pub(super) fn typed<T: Typed>(value: &T) -> &dyn Typed {
    value
}

pub(super) type Params<'a> = &'a [&'a dyn Typed];

/// The parameters as the client library takes them.
pub(super) fn bound(params: Params<'_>) -> Vec<(&(dyn ToSql + Sync), Type)> {
    params.iter().map(|p| (p.as_sql(), p.pg_type())).collect()
}

/// `sql` with each `$N` replaced by the literal of the N-th parameter. Our statements hold a
/// `$` nowhere else.
pub(super) fn inline(sql: &str, params: Params<'_>) -> String {
    let mut out = String::with_capacity(sql.len() + 64);
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let digits = rest[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
        let number: usize = rest[at + 1..at + 1 + digits].parse().unwrap_or(0);
        match number.checked_sub(1).and_then(|i| params.get(i)) {
            Some(param) => out.push_str(&param.literal()),
            None => out.push_str(&rest[at..at + 1 + digits]),
        }
        rest = &rest[at + 1 + digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_carry_every_byte_as_hex_and_cannot_be_escaped() {
        let quote = "it's \\ a 'name'; DROP TABLE x; --".to_owned();
        let bytes: Vec<u8> = vec![0x27, 0x5c, 0x00, 0xff];
        let sql = inline(
            "INSERT INTO t VALUES ($1, $2, $3, $4, $5, $10)",
            &[typed(&7_i64), typed(&quote), typed(&bytes), typed(&None::<Vec<u8>>), typed(&Some(-3_i64))],
        );
        assert_eq!(
            sql,
            "INSERT INTO t VALUES ('7'::int8, convert_from(decode('69742773205c206120276e616d65273b2044524f50205441424c4520783b202d2d', 'hex'), 'UTF8'), decode('275c00ff', 'hex'), NULL::bytea, '-3'::int8, $10)"
        );
    }

    #[test]
    fn a_two_digit_placeholder_is_not_read_as_one_digit() {
        let values: Vec<i64> = (1..=11).collect();
        let params: Vec<&dyn Typed> = values.iter().map(typed).collect();
        assert_eq!(inline("$1 $11 $2", &params), "'1'::int8 '11'::int8 '2'::int8");
    }
}
