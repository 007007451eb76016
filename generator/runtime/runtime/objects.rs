//! What the expansions of `json_object!` call: the properties a struct keeps
//! unlisted, and how a required, optional or optional nullable property is
//! written and read.

use serde::de::{IgnoredAny, MapAccess};

/// Properties of an object that the spec does not list, kept in the order
/// they were received and written back on serialize.
///
/// A small vector rather than a map: objects carry few of them, and this
/// costs one allocation per object instead of a tree node per object plus
/// rebalancing. Equality ignores order, as it would for a map.
#[derive(Clone, Debug, Default)]
pub struct AdditionalProperties(pub(super) Vec<(String, serde_json::Value)>);

impl AdditionalProperties {
    /// No properties.
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`, returning the value it replaces.
    pub fn insert(&mut self, key: impl Into<String>, value: serde_json::Value) -> Option<serde_json::Value> {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => Some(std::mem::replace(slot, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<serde_json::Value> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    /// The properties, in the order received (then inserted).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &serde_json::Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends a property as read from the wire (duplicates are kept, as received).
    #[doc(hidden)]
    pub fn push_received(&mut self, key: String, value: serde_json::Value) {
        self.0.push((key, value));
    }
}

impl PartialEq for AdditionalProperties {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Into<String>> FromIterator<(K, serde_json::Value)> for AdditionalProperties {
    fn from_iter<I: IntoIterator<Item = (K, serde_json::Value)>>(iter: I) -> Self {
        let mut out = Self::new();
        for (k, v) in iter {
            out.insert(k, v);
        }
        out
    }
}

/// What a generated object does with properties the spec does not list.
#[doc(hidden)]
pub trait UnknownProperties: Default {
    /// An unknown key, as the object's field identifier reads it.
    type Key: for<'a> From<&'a str>;

    /// Reads the value of the unknown property `key`.
    fn read<'de, A: MapAccess<'de>>(&mut self, key: Self::Key, map: &mut A) -> Result<(), A::Error>;
}

/// Kept, in the order received.
impl UnknownProperties for AdditionalProperties {
    type Key = String;

    #[inline]
    fn read<'de, A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        self.push_received(key, map.next_value()?);
        Ok(())
    }
}

/// Skipped, without allocating for the key: the object has
/// `additionalProperties: false`.
#[doc(hidden)]
#[derive(Default)]
pub struct SkipUnknown;

impl From<&str> for SkipUnknown {
    #[inline]
    fn from(_: &str) -> Self {
        SkipUnknown
    }
}

impl UnknownProperties for SkipUnknown {
    type Key = SkipUnknown;

    #[inline]
    fn read<'de, A: MapAccess<'de>>(&mut self, _: SkipUnknown, map: &mut A) -> Result<(), A::Error> {
        if super::unions::fitting_exactly() {
            return Err(serde::de::Error::custom("a property this object does not list"));
        }
        map.next_value::<IgnoredAny>()?;
        Ok(())
    }
}

/// How `json_object!` writes and reads a property the spec requires.
#[doc(hidden)]
pub mod required {
    use serde::de::{Error, MapAccess};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Serialize};

    /// Always one entry.
    #[inline]
    pub fn len<T: ?Sized>(_: &T) -> usize {
        1
    }

    /// Writes the entry.
    #[inline]
    pub fn serialize<M: SerializeMap, T: Serialize + ?Sized>(map: &mut M, name: &'static str, value: &T) -> Result<(), M::Error> {
        map.serialize_entry(name, value)
    }

    /// Reads the value into the field's slot.
    #[inline]
    pub fn deserialize<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A) -> Result<Option<T>, A::Error> {
        map.next_value().map(Some)
    }

    /// The field, or the error naming the missing property.
    #[inline]
    pub fn finish<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
        slot.ok_or_else(|| E::missing_field(name))
    }
}

/// How `json_object!` writes and reads a property the spec does not require.
#[doc(hidden)]
pub mod optional {
    use serde::de::{Error, MapAccess};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Serialize};

    /// One entry when set.
    #[inline]
    pub fn len<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }

    /// Writes the entry when set.
    #[inline]
    pub fn serialize<M: SerializeMap, T: Serialize>(map: &mut M, name: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// Reads the value into the field's slot; `null` leaves it unset.
    #[inline]
    pub fn deserialize<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A) -> Result<Option<T>, A::Error> {
        map.next_value()
    }

    /// The field: unset when the property was missing.
    #[inline]
    pub fn finish<T, E: Error>(slot: Option<T>, _name: &'static str) -> Result<Option<T>, E> {
        Ok(slot)
    }
}

/// How `json_object!` writes and reads a property the spec does not require
/// and allows to be `null`: absent, `null` and a value are three states
/// (`None`, `Some(None)`, `Some(Some(value))`), each written back as it was
/// read, so that a PATCH can clear a field and a response round-trips.
#[doc(hidden)]
pub mod nullable {
    use serde::de::{Error, MapAccess};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Serialize};

    /// One entry when present, `null` or not.
    #[inline]
    pub fn len<T>(value: &Option<Option<T>>) -> usize {
        usize::from(value.is_some())
    }

    /// Writes the entry when present: `null` for `Some(None)`.
    #[inline]
    pub fn serialize<M: SerializeMap, T: Serialize>(map: &mut M, name: &'static str, value: &Option<Option<T>>) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// Reads the value into the field's slot; `null` is `Some(None)`.
    #[inline]
    pub fn deserialize<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A) -> Result<Option<Option<T>>, A::Error> {
        map.next_value().map(Some)
    }

    /// The field: `None` when the property was missing.
    #[inline]
    pub fn finish<T, E: Error>(slot: Option<Option<T>>, _name: &'static str) -> Result<Option<Option<T>>, E> {
        Ok(slot)
    }
}
