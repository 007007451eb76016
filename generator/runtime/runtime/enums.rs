//! What the expansions of `string_enum!` and of unions read in one pass call:
//! a string enum read through its `FromStr`, which keeps unknown values.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Deserializes a string enum through its `FromStr`, which keeps unknown values.
pub fn deserialize_string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr<Err = std::convert::Infallible>,
{
    struct EnumVisitor<T>(std::marker::PhantomData<T>);

    impl<T: std::str::FromStr<Err = std::convert::Infallible>> Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            match value.parse() {
                Ok(v) => Ok(v),
                Err(never) => match never {},
            }
        }
    }

    deserializer.deserialize_str(EnumVisitor(std::marker::PhantomData))
}

/// A string enum from its wire value (its `FromStr` keeps unknown values).
pub fn parse_enum<T: std::str::FromStr<Err = std::convert::Infallible>>(value: &str) -> T {
    match value.parse() {
        Ok(v) => v,
        Err(never) => match never {},
    }
}
