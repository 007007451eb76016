//! The macros that write the serde impls of generated types.
//!
//! Each generated type states its shape in one macro call (its properties and
//! whether they are required, its values, its options) and these macros write
//! the impls, as serde's derive would. One definition here instead of the
//! same visitor written out in every model keeps the models short to read and
//! quick to generate. A crate may have no type of some kind, so the macros
//! may go unused.
//!
//! The expansions work whatever the spec names things, since a model,
//! property, value or option may be called anything the generator can mint:
//! - every path is absolute (`::std::...`, `::serde::...`,
//!   `$crate::runtime::...`), so no model (`Option`, `Result`, `Formatter`,
//!   `Deserialize`) can stand in for what it names;
//! - every item and generic parameter the expansions introduce starts with
//!   `__` (`__Field`, `__Visitor`, `__D`, `__A`), as in serde's derive, and
//!   the generator never mints a name that does: a generic `D` would hide a
//!   model `D` from the visitor nested in `deserialize`;
//! - locals (`map`, `unknown`, `value`) are the macros' own:
//!   `macro_rules!` hygiene keeps them apart from fields and slots that the
//!   caller names the same; but rustc refuses a binding named like a variant
//!   of its type (E0170), and `__Field`'s variants are the fields, so the
//!   key read into one is `__key`;
//! - `Self::` names only variants (`Self::Unknown`), never an associated
//!   item such as `Self::Err`: a variant `Err` would make it ambiguous;
//! - a value of a generated type is serialized as
//!   `::serde::Serialize::serialize(value, ..)`, so no inherent method of
//!   that name could be picked instead.

/// The `__Field` enum a map visitor reads keys into, one variant per known
/// property and `Other` for the rest, carrying the key as `$other`. Keys are
/// matched on the borrowed string, so only unknown ones can allocate.
#[allow(unused_macros)]
macro_rules! field_identifier {
    (__Field { $( $wire:literal => $variant:ident, )* } $other:ty) => {
        #[allow(non_camel_case_types)]
        enum __Field {
            $( $variant, )*
            Other($other),
        }

        impl<'de> ::serde::Deserialize<'de> for __Field {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                struct __FieldVisitor;

                impl ::serde::de::Visitor<'_> for __FieldVisitor {
                    type Value = __Field;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a property name")
                    }

                    fn visit_str<__E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<__Field, __E> {
                        ::std::result::Result::Ok(match value {
                            $( $wire => __Field::$variant, )*
                            other => __Field::Other(::std::convert::From::from(other)),
                        })
                    }
                }

                deserializer.deserialize_identifier(__FieldVisitor)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use field_identifier;

/// `Serialize` and `Deserialize` for a generated struct, as a JSON object:
///
/// ```text
/// json_object! {
///     Pet {
///         name: required "name",
///         tag: optional "tag",
///         ..additional_properties
///     }
/// }
/// ```
///
/// One line per field, in the spec's order: the field, whether the spec
/// requires the property, and the property's name. A `required` field is
/// always written (`null` when it is a nullable `None`) and is an error when
/// missing; an `optional` one is written only when set, and reads `null` as
/// unset; a `nullable` one (optional, and `null` allowed) keeps absent,
/// `null` and a value apart (`Option<Option<T>>`). `..field` names the field
/// that keeps the properties the spec does not list, written back after the
/// others; without it they are skipped.
///
/// Reading matches each key on the borrowed string (only unknown keys
/// allocate) and puts each value straight into a typed slot, as the derive
/// does; `#[serde(flatten)]` would buffer every object instead.
#[allow(unused_macros)]
macro_rules! json_object {
    (@impl $name:ident [$( $field:ident $presence:ident $wire:literal, )*] $unknown:ty, [$( $additional:ident )?]) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                use ::serde::ser::SerializeMap as _;
                let len = 0 $( + $crate::runtime::$presence::len(&self.$field) )* $( + self.$additional.len() )?;
                let mut map = serializer.serialize_map(::std::option::Option::Some(len))?;
                $( $crate::runtime::$presence::serialize(&mut map, $wire, &self.$field)?; )*
                $(
                    for (key, value) in self.$additional.iter() {
                        map.serialize_entry(key, value)?;
                    }
                )?
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                $crate::runtime::field_identifier!(__Field { $( $wire => $field, )* } <$unknown as $crate::runtime::UnknownProperties>::Key);

                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("a `", ::std::stringify!($name), "` object"))
                    }

                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<$name, __A::Error> {
                        $( let mut $field = ::std::option::Option::None; )*
                        let mut unknown = <$unknown as ::std::default::Default>::default();
                        while let ::std::option::Option::Some(__key) = map.next_key::<__Field>()? {
                            match __key {
                                $( __Field::$field => $field = $crate::runtime::$presence::deserialize(&mut map)?, )*
                                __Field::Other(key) => $crate::runtime::UnknownProperties::read(&mut unknown, key, &mut map)?,
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $( $field: $crate::runtime::$presence::finish::<_, __A::Error>($field, $wire)?, )*
                            $( $additional: unknown, )?
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    ($name:ident { $( $field:ident: $presence:ident $wire:literal, )* ..$additional:ident }) => {
        $crate::runtime::json_object!(@impl $name [$( $field $presence $wire, )*] $crate::runtime::AdditionalProperties, [$additional]);
    };
    ($name:ident { $( $field:ident: $presence:ident $wire:literal, )* }) => {
        $crate::runtime::json_object!(@impl $name [$( $field $presence $wire, )*] $crate::runtime::SkipUnknown, []);
    };
}
#[allow(unused_imports)]
pub(crate) use json_object;

/// The impls of a generated string enum, from its values:
///
/// ```text
/// string_enum! {
///     Status {
///         Active = "active",
///         Retired = "retired",
///     }
/// }
/// ```
///
/// `as_str`, `Display` and `Serialize` write the value as it is on the wire;
/// `FromStr` and `Deserialize` read it, keeping any other value in the enum's
/// `Unknown` variant.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident { $( $variant:ident = $wire:literal, )* }) => {
        impl $name {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                $crate::runtime::deserialize_string_enum(deserializer)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// The impls of a generated integer enum, a newtype of its integer with a
/// constant per documented value: `Debug` by constant name, `Display` and
/// `FromStr` as the integer, conversions to and from it, and serde as the
/// integer, so a value the spec did not list is kept and written back.
///
/// ```text
/// integer_enum! {
///     ChannelType(i32) {
///         GUILD_TEXT,
///         DM,
///     }
/// }
/// ```
#[allow(unused_macros)]
macro_rules! integer_enum {
    ($name:ident($repr:ty) { $( $value:ident, )* }) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $(
                    if *self == Self::$value {
                        return f.write_str(::std::concat!(::std::stringify!($name), "::", ::std::stringify!($value)));
                    }
                )*
                f.debug_tuple(::std::stringify!($name)).field(&self.0).finish()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;

            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::num::ParseIntError> {
                value.parse().map(Self)
            }
        }

        impl ::std::convert::From<$repr> for $name {
            fn from(value: $repr) -> Self {
                Self(value)
            }
        }

        impl ::std::convert::From<$name> for $repr {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                ::serde::Serialize::serialize(&self.0, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                <$repr as ::serde::Deserialize<'de>>::deserialize(deserializer).map(Self)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use integer_enum;

/// `Serialize` and `Deserialize` for a generated `oneOf` union, which keeps
/// a value no option fits in its `Unknown` variant. How the option is picked
/// is decided at generation time:
///
/// ```text
/// json_union! {
///     Pet by tag "petType" {
///         Cat("cat" | "kitten"),
///         Dog("dog"),
///     }
/// }
/// json_union! {
///     PaymentMethod by keys {
///         Card("cardNumber"),
///         BankAccount("iban"),
///     }
/// }
/// json_union! {
///     Setting in order {
///         String,
///         Range,
///     }
/// }
/// ```
///
/// `by tag`: the option whose values include the tag property's (`by
/// integer tag`: the same with integer values, `Channel by integer tag
/// "type" { Text(0), Voice(2), }`, written back as numbers); `by keys`:
/// the first option one of whose properties is present; `in order`: the
/// first option the value fits without dropping any of it (a closed object
/// skips properties it does not list), else the first it fits at all.
/// Each of these captures the value and parses only the chosen option, so
/// an error inside it is that option's error with its full path.
///
/// A tag that does not tell every option apart (values listed by several
/// options, options without one) adds the options no value selects:
///
/// ```text
/// json_union! {
///     Processor by tag "type" {
///         Grok("grok-parser"),
///         Lookup("lookup-processor"),
///         TableLookup("lookup-processor"),
///     }
///     else in order {
///         Custom,
///     }
/// }
/// ```
///
/// The options the tag's value selects are tried in order (the first that
/// fits wins, preferring one that drops nothing, as `in order` does; if none
/// fits, the first one's error is the error); a value no option lists, or
/// no tag, is tried against the `else` options in order, then kept as
/// `Unknown`.
///
/// A tag-dispatched union whose options are structs can instead be read in
/// one pass, naming the properties of all its options (each with the
/// presence of its first declaration):
///
/// ```text
/// json_union! {
///     Pet by tag "petType" {
///         Cat("cat" | "kitten"),
///         Dog("dog"),
///     }
///     in one pass {
///         lives: optional "lives",
///         good_boy: required "goodBoy",
///     }
/// }
/// ```
///
/// Every property goes straight into a typed slot, and the union's own
/// `from_one_pass(tag, lives, good_boy, unknown)` builds the option the tag
/// picks. Nothing is parsed twice, but a newer option that reuses a known
/// property with another type fails this pass; with
/// [`buffered_unions`](super::buffered_unions) on (see
/// [`decode_json`](super::decode_json)), the captured path is taken instead.
#[allow(unused_macros)]
macro_rules! json_union {
    (@serialize $name:ident [$( $variant:ident )*]) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                match self {
                    $( Self::$variant(value) => ::serde::Serialize::serialize(value, serializer), )*
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
    };
    (@deserialize $name:ident |$raw:ident| $dispatch:block) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            // Integer tags are matched as the spec lists them (`1 | 2 | 3`).
            #[allow(clippy::manual_range_patterns)]
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                let $raw: ::std::boxed::Box<::serde_json::value::RawValue> = ::serde::Deserialize::deserialize(deserializer)?;
                let value: ::std::result::Result<Self, ::serde_json::Error> = $dispatch;
                value.map_err(::serde::de::Error::custom)
            }
        }
    };
    // The tag's value, as an `Option` to match the options' literals against:
    // a string tag as `&str`, an integer tag as `i64`.
    (@peek $raw:ident $tag:literal string |$found:ident| $then:block) => {{
        let $found = $crate::runtime::peek_tag(&$raw, $tag).map_err(::serde::de::Error::custom)?;
        let $found = $found.as_deref();
        $then
    }};
    (@peek $raw:ident $tag:literal integer |$found:ident| $then:block) => {{
        let $found = $crate::runtime::peek_integer_tag(&$raw, $tag).map_err(::serde::de::Error::custom)?;
        $then
    }};
    (@by_tag $raw:ident $tag:literal $kind:ident [$( $variant:ident($( $value:literal )|+) )*]) => {
        $crate::runtime::json_union!(@peek $raw $tag $kind |found| {
            match found {
                $( ::std::option::Option::Some($( $value )|+) => $crate::runtime::from_raw(&$raw).map(Self::$variant), )*
                _ => $crate::runtime::from_raw(&$raw).map(Self::Unknown),
            }
        })
    };
    ($name:ident by tag $tag:literal { $( $variant:ident($( $value:literal )|+), )* }) => {
        $crate::runtime::json_union!(@tagged $name string $tag { $( $variant($( $value )|+), )* });
    };
    ($name:ident by integer tag $tag:literal { $( $variant:ident($( $value:literal )|+), )* }) => {
        $crate::runtime::json_union!(@tagged $name integer $tag { $( $variant($( $value )|+), )* });
    };
    (@tagged $name:ident $kind:ident $tag:literal { $( $variant:ident($( $value:literal )|+), )* }) => {
        $crate::runtime::json_union!(@serialize $name [$( $variant )*]);
        $crate::runtime::json_union!(@deserialize $name |raw| {
            $crate::runtime::json_union!(@by_tag raw $tag $kind [$( $variant($( $value )|+) )*])
        });
    };
    ($name:ident by keys { $( $variant:ident($( $key:literal )|+), )* }) => {
        $crate::runtime::json_union!(@serialize $name [$( $variant )*]);
        $crate::runtime::json_union!(@deserialize $name |raw| {
            let keys = $crate::runtime::peek_keys(&raw).map_err(::serde::de::Error::custom)?;
            $(
                if keys.iter().any(|k| ::std::matches!(k.as_ref(), $( $key )|+)) {
                    return $crate::runtime::from_raw(&raw).map(Self::$variant).map_err(::serde::de::Error::custom);
                }
            )*
            $crate::runtime::from_raw(&raw).map(Self::Unknown)
        });
    };
    (
        $name:ident by tag $tag:literal { $( $variant:ident($( $value:literal )|+), )* }
        else in order { $( $other:ident, )* }
    ) => {
        $crate::runtime::json_union!(@partly_tagged $name string $tag { $( $variant($( $value )|+), )* } { $( $other, )* });
    };
    (
        $name:ident by integer tag $tag:literal { $( $variant:ident($( $value:literal )|+), )* }
        else in order { $( $other:ident, )* }
    ) => {
        $crate::runtime::json_union!(@partly_tagged $name integer $tag { $( $variant($( $value )|+), )* } { $( $other, )* });
    };
    (@partly_tagged $name:ident $kind:ident $tag:literal { $( $variant:ident($( $value:literal )|+), )* } { $( $other:ident, )* }) => {
        $crate::runtime::json_union!(@serialize $name [$( $variant )* $( $other )*]);
        $crate::runtime::json_union!(@deserialize $name |raw| { $crate::runtime::json_union!(@peek raw $tag $kind |tag| {
            let exact = $crate::runtime::exactly(|| {
                let mut tagged = false;
                $(
                    if ::std::matches!(tag, ::std::option::Option::Some($( $value )|+)) {
                        tagged = true;
                        if let ::std::result::Result::Ok(value) = $crate::runtime::from_raw(&raw) {
                            return ::std::option::Option::Some(Self::$variant(value));
                        }
                    }
                )*
                if !tagged {
                    $(
                        if let ::std::result::Result::Ok(value) = $crate::runtime::from_raw(&raw) {
                            return ::std::option::Option::Some(Self::$other(value));
                        }
                    )*
                }
                ::std::option::Option::None
            });
            if let ::std::option::Option::Some(value) = exact {
                return ::std::result::Result::Ok(value);
            }
            let mut first_error = ::std::option::Option::None;
            $(
                if ::std::matches!(tag, ::std::option::Option::Some($( $value )|+)) {
                    match $crate::runtime::from_raw(&raw) {
                        ::std::result::Result::Ok(value) => return ::std::result::Result::Ok(Self::$variant(value)),
                        ::std::result::Result::Err(error) => {
                            first_error.get_or_insert(error);
                        }
                    }
                }
            )*
            if let ::std::option::Option::Some(error) = first_error {
                return ::std::result::Result::Err(::serde::de::Error::custom(error));
            }
            $(
                if let ::std::result::Result::Ok(value) = $crate::runtime::from_raw(&raw) {
                    return ::std::result::Result::Ok(Self::$other(value));
                }
            )*
            $crate::runtime::from_raw(&raw).map(Self::Unknown)
        }) });
    };
    ($name:ident in order { $( $variant:ident, )* }) => {
        $crate::runtime::json_union!(@serialize $name [$( $variant )*]);
        $crate::runtime::json_union!(@deserialize $name |raw| {
            let exact = $crate::runtime::exactly(|| {
                $(
                    if let ::std::result::Result::Ok(value) = $crate::runtime::from_raw(&raw) {
                        return ::std::option::Option::Some(Self::$variant(value));
                    }
                )*
                ::std::option::Option::None
            });
            if let ::std::option::Option::Some(value) = exact {
                return ::std::result::Result::Ok(value);
            }
            $(
                if let ::std::result::Result::Ok(value) = $crate::runtime::from_raw(&raw) {
                    return ::std::result::Result::Ok(Self::$variant(value));
                }
            )*
            $crate::runtime::from_raw(&raw).map(Self::Unknown)
        });
    };
    (
        $name:ident by tag $tag:literal { $( $variant:ident($( $value:literal )|+), )* }
        in one pass { $( $slot:ident: $presence:ident $wire:literal, )* }
    ) => {
        $crate::runtime::json_union!(@serialize $name [$( $variant )*]);

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                if $crate::runtime::buffered_unions() {
                    let raw: ::std::boxed::Box<::serde_json::value::RawValue> = ::serde::Deserialize::deserialize(deserializer)?;
                    let value: ::std::result::Result<Self, ::serde_json::Error> =
                        $crate::runtime::json_union!(@by_tag raw $tag string [$( $variant($( $value )|+) )*]);
                    return value.map_err(::serde::de::Error::custom);
                }

                $crate::runtime::field_identifier!(__Field { $tag => Tag, $( $wire => $slot, )* } ::std::string::String);

                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("a `", ::std::stringify!($name), "` value"))
                    }

                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<$name, __A::Error> {
                        // The tag as JSON: a string selects an option, anything
                        // else (or no tag) makes the value `Unknown`.
                        let mut tag = ::std::option::Option::None;
                        $( let mut $slot = ::std::option::Option::None; )*
                        let mut unknown = $crate::runtime::AdditionalProperties::new();
                        while let ::std::option::Option::Some(__key) = map.next_key::<__Field>()? {
                            match __key {
                                __Field::Tag => tag = ::std::option::Option::Some(map.next_value()?),
                                $( __Field::$slot => $slot = $crate::runtime::$presence::deserialize(&mut map)?, )*
                                __Field::Other(key) => unknown.push_received(key, map.next_value()?),
                            }
                        }
                        $name::from_one_pass(tag, $( $slot, )* unknown)
                    }

                    fn visit_seq<__A: ::serde::de::SeqAccess<'de>>(self, seq: __A) -> ::std::result::Result<$name, __A::Error> {
                        let value = ::serde::Deserialize::deserialize(::serde::de::value::SeqAccessDeserializer::new(seq))?;
                        ::std::result::Result::Ok($name::Unknown(value))
                    }

                    fn visit_str<__E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_bool<__E: ::serde::de::Error>(self, value: bool) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_i64<__E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_u64<__E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_f64<__E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_unit<__E: ::serde::de::Error>(self) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::Null))
                    }
                }

                deserializer.deserialize_any(__Visitor)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use json_union;
