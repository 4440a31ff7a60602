//! The JSON writer: cdktf's exact format (keys sorted by UTF-16 code unit, 2-space indent, empty containers
//! written open, no trailing newline), written straight into a byte buffer.

use std::cmp::Ordering;

/// Compares two keys by UTF-16 code units, the order JavaScript's default sort gives and cdktf writes.
///
/// ```
/// use std::cmp::Ordering;
/// use konductor_core::json::cmp_keys;
/// assert_eq!(cmp_keys("//", "arn"), Ordering::Less);
/// assert_eq!(cmp_keys("Name", "name"), Ordering::Less);
/// // U+FF5E sorts after U+1F600 in UTF-8 but before it in UTF-16.
/// assert_eq!(cmp_keys("\u{FF5E}", "\u{1F600}"), Ordering::Greater);
/// ```
pub fn cmp_keys(a: &str, b: &str) -> Ordering {
    if a.is_ascii() || b.is_ascii() {
        // A difference found in ASCII bytes orders the same in UTF-16; a multi-byte sequence starts with a
        // byte >= 0x80 and its code unit is >= 0x80 too, so bytes compare correctly here.
        return a.as_bytes().cmp(b.as_bytes());
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Writes pretty-printed JSON in cdktf's layout into a byte buffer.
///
/// The caller writes object keys in sorted order ([`cmp_keys`]); the writer handles commas, newlines and
/// indentation.
///
/// ```
/// use konductor_core::json::JsonWriter;
/// let mut w = JsonWriter::new();
/// w.begin_object();
/// w.key("a");
/// w.begin_array();
/// w.end_array();
/// w.key("b");
/// w.string("x\"y");
/// w.end_object();
/// assert_eq!(w.into_string(), "{\n  \"a\": [\n  ],\n  \"b\": \"x\\\"y\"\n}");
/// ```
#[derive(Debug, Default)]
pub struct JsonWriter {
    out: Vec<u8>,
    /// One entry per open container: whether it has no member yet.
    first: Vec<bool>,
    after_key: bool,
}

impl JsonWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer with room for `bytes`.
    pub fn with_capacity(bytes: usize) -> Self {
        JsonWriter { out: Vec::with_capacity(bytes), ..Self::default() }
    }

    fn newline_indent(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.first.len() {
            self.out.extend_from_slice(b"  ");
        }
    }

    fn before_value(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if let Some(first) = self.first.last_mut() {
            let was_first = *first;
            *first = false;
            if !was_first {
                self.out.push(b',');
            }
            self.newline_indent();
        }
    }

    /// Writes an object key; the value follows.
    pub fn key(&mut self, key: &str) {
        self.before_value();
        write_escaped(&mut self.out, key);
        self.out.extend_from_slice(b": ");
        self.after_key = true;
    }

    /// Opens an object.
    pub fn begin_object(&mut self) {
        self.before_value();
        self.out.push(b'{');
        self.first.push(true);
    }

    /// Closes the innermost object.
    pub fn end_object(&mut self) {
        self.first.pop();
        self.newline_indent();
        self.out.push(b'}');
    }

    /// Opens an array.
    pub fn begin_array(&mut self) {
        self.before_value();
        self.out.push(b'[');
        self.first.push(true);
    }

    /// Closes the innermost array.
    pub fn end_array(&mut self) {
        self.first.pop();
        self.newline_indent();
        self.out.push(b']');
    }

    /// Writes a string value, JSON-escaped as `JSON.stringify` escapes it.
    pub fn string(&mut self, s: &str) {
        self.before_value();
        write_escaped(&mut self.out, s);
    }

    /// Writes a string value made of parts, each JSON-escaped, without building the whole string first.
    pub fn string_parts<'a>(&mut self, parts: impl IntoIterator<Item = &'a str>) {
        self.before_value();
        self.out.push(b'"');
        for p in parts {
            escape_into(&mut self.out, p);
        }
        self.out.push(b'"');
    }

    /// Writes a boolean.
    pub fn bool(&mut self, b: bool) {
        self.before_value();
        self.out.extend_from_slice(if b { b"true" } else { b"false" });
    }

    /// Writes `null`.
    pub fn null(&mut self) {
        self.before_value();
        self.out.extend_from_slice(b"null");
    }

    /// Writes a number already formatted as JSON.
    pub fn raw_number(&mut self, text: &str) {
        self.before_value();
        self.out.extend_from_slice(text.as_bytes());
    }

    /// Writes a `serde_json` value, object keys sorted by [`cmp_keys`].
    pub fn json(&mut self, v: &serde_json::Value) {
        use serde_json::Value as J;
        match v {
            J::Null => self.null(),
            J::Bool(b) => self.bool(*b),
            J::Number(n) => self.raw_number(&format_json_number(n)),
            J::String(s) => self.string(s),
            J::Array(items) => {
                self.begin_array();
                for i in items {
                    self.json(i);
                }
                self.end_array();
            }
            J::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort_by(|a, b| cmp_keys(a, b));
                self.begin_object();
                for k in keys {
                    self.key(k);
                    self.json(&map[k]);
                }
                self.end_object();
            }
        }
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    /// The finished bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }

    /// The finished text.
    pub fn into_string(self) -> String {
        // Only UTF-8 text and ASCII punctuation are ever written.
        String::from_utf8(self.out).unwrap_or_default()
    }
}

/// Formats a number the way JavaScript's `String(number)` does (`3600`, `0.5`, `1e+21`).
pub fn format_f64(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 {
        let mut buf = itoa::Buffer::new();
        return buf.format(f as i64).to_owned();
    }
    let mut buf = ryu_js::Buffer::new();
    buf.format(f).to_owned()
}

fn format_json_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    format_f64(n.as_f64().unwrap_or(0.0))
}

fn write_escaped(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape_into(out, s);
    out.push(b'"');
}

/// Appends `s` JSON-escaped (without quotes), as `JSON.stringify` escapes strings.
pub fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => {
                out.extend_from_slice(&bytes[start..i]);
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 0xf) as usize]);
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(esc);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_containers_are_written_open_like_cdktf() {
        let mut w = JsonWriter::new();
        w.begin_object();
        w.key("o");
        w.begin_object();
        w.end_object();
        w.end_object();
        assert_eq!(w.into_string(), "{\n  \"o\": {\n  }\n}");
    }

    #[test]
    fn nested_layout_and_no_trailing_newline() {
        let mut w = JsonWriter::new();
        w.begin_object();
        w.key("a");
        w.begin_array();
        w.raw_number("1");
        w.begin_object();
        w.key("k");
        w.null();
        w.end_object();
        w.end_array();
        w.key("b");
        w.bool(true);
        w.end_object();
        assert_eq!(w.into_string(), "{\n  \"a\": [\n    1,\n    {\n      \"k\": null\n    }\n  ],\n  \"b\": true\n}");
    }

    #[test]
    fn escapes_like_json_stringify() {
        let mut out = Vec::new();
        escape_into(&mut out, "a\"b\\c\nd\u{1}é/");
        assert_eq!(String::from_utf8(out).unwrap(), "a\\\"b\\\\c\\nd\\u0001é/");
    }

    #[test]
    fn numbers_format_like_javascript() {
        assert_eq!(format_f64(3600.0), "3600");
        assert_eq!(format_f64(-2.0), "-2");
        assert_eq!(format_f64(0.5), "0.5");
        assert_eq!(format_f64(1e21), "1e+21");
    }

    #[test]
    fn serde_values_are_written_sorted() {
        let v = serde_json::json!({"b": 1, "a": {"d": [true], "c": "x"}});
        let mut w = JsonWriter::new();
        w.json(&v);
        assert_eq!(
            w.into_string(),
            "{\n  \"a\": {\n    \"c\": \"x\",\n    \"d\": [\n      true\n    ]\n  },\n  \"b\": 1\n}"
        );
    }

    #[test]
    fn utf16_order_differs_from_utf8_above_the_bmp() {
        assert_eq!(cmp_keys("\u{FF5E}", "\u{1F600}"), Ordering::Greater);
        assert_eq!("\u{FF5E}".cmp("\u{1F600}"), Ordering::Less);
        assert_eq!(cmp_keys("a", "b"), Ordering::Less);
        assert_eq!(cmp_keys("Z", "a"), Ordering::Less);
    }
}
