//! A minimal protobuf wire-format reader: tags, varints, 64-bit, length-delimited and 32-bit values,
//! plus packed repeated scalars. It knows nothing about schemas; [`super::decode`] does.

use super::ProtobufError;

/// One field value as it appears on the wire (groups, wire types 3 and 4, are rejected).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireValue<'a> {
    /// Wire type 0.
    Varint(u64),
    /// Wire type 1.
    Fixed64(u64),
    /// Wire type 2: strings, bytes, embedded messages, packed repeated scalars.
    Len(&'a [u8]),
    /// Wire type 5.
    Fixed32(u32),
}

impl WireValue<'_> {
    /// The wire type number of this value.
    pub fn wire_type(&self) -> u8 {
        match self {
            WireValue::Varint(_) => 0,
            WireValue::Fixed64(_) => 1,
            WireValue::Len(_) => 2,
            WireValue::Fixed32(_) => 5,
        }
    }
}

/// A cursor over one message's bytes.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    /// A base-128 varint of at most 10 bytes (bits beyond 64 are discarded, as Go's decoder does).
    pub fn varint(&mut self) -> Result<u64, ProtobufError> {
        let mut value: u64 = 0;
        for i in 0..10 {
            let byte = *self.buf.get(self.pos).ok_or(ProtobufError::Truncated)?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(ProtobufError::InvalidVarint)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ProtobufError> {
        let end = self.pos.checked_add(n).ok_or(ProtobufError::Truncated)?;
        let bytes = self.buf.get(self.pos..end).ok_or(ProtobufError::Truncated)?;
        self.pos = end;
        Ok(bytes)
    }

    pub fn fixed64(&mut self) -> Result<u64, ProtobufError> {
        let bytes = self.take(8)?;
        Ok(u64::from_le_bytes(bytes.try_into().expect("8 bytes")))
    }

    pub fn fixed32(&mut self) -> Result<u32, ProtobufError> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes(bytes.try_into().expect("4 bytes")))
    }

    pub fn len_delimited(&mut self) -> Result<&'a [u8], ProtobufError> {
        let len = self.varint()?;
        let len = usize::try_from(len).map_err(|_| ProtobufError::Truncated)?;
        self.take(len)
    }

    /// The next `(field number, value)`, or `None` at the end of the message.
    pub fn next_field(&mut self) -> Result<Option<(u32, WireValue<'a>)>, ProtobufError> {
        if self.is_empty() {
            return Ok(None);
        }
        let tag = self.varint()?;
        let number = tag >> 3;
        if number == 0 || number > u64::from(u32::MAX >> 3) {
            return Err(ProtobufError::InvalidTag { tag });
        }
        let value = match tag & 7 {
            0 => WireValue::Varint(self.varint()?),
            1 => WireValue::Fixed64(self.fixed64()?),
            2 => WireValue::Len(self.len_delimited()?),
            5 => WireValue::Fixed32(self.fixed32()?),
            _ => return Err(ProtobufError::InvalidTag { tag }),
        };
        Ok(Some((number as u32, value)))
    }
}

/// The varints of a packed repeated field.
pub fn packed_varints(bytes: &[u8]) -> Result<Vec<u64>, ProtobufError> {
    let mut reader = Reader::new(bytes);
    let mut out = Vec::new();
    while !reader.is_empty() {
        out.push(reader.varint()?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protobuf_wire_varints() {
        let mut r = Reader::new(&[0x00, 0x01, 0xac, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(r.varint().unwrap(), 0);
        assert_eq!(r.varint().unwrap(), 1);
        assert_eq!(r.varint().unwrap(), 300);
        assert_eq!(r.varint().unwrap(), 0xffff_ffff);
        assert!(r.is_empty());
        // -1 as int32/int64 is a 10-byte varint.
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        assert_eq!(r.varint().unwrap() as i64, -1);
        assert_eq!(Reader::new(&[0x80]).varint(), Err(ProtobufError::Truncated));
        assert_eq!(
            Reader::new(&[0xff; 11]).varint(),
            Err(ProtobufError::InvalidVarint)
        );
    }

    #[test]
    fn protobuf_wire_fields() {
        let bytes = [
            0x08, 0x96, 0x01, // 1: varint 150
            0x12, 0x02, b'h', b'i', // 2: "hi"
            0x19, 1, 0, 0, 0, 0, 0, 0, 0, // 3: fixed64 1
            0x25, 2, 0, 0, 0, // 4: fixed32 2
        ];
        let mut r = Reader::new(&bytes);
        assert_eq!(r.next_field().unwrap(), Some((1, WireValue::Varint(150))));
        assert_eq!(r.next_field().unwrap(), Some((2, WireValue::Len(b"hi"))));
        assert_eq!(r.next_field().unwrap(), Some((3, WireValue::Fixed64(1))));
        assert_eq!(r.next_field().unwrap(), Some((4, WireValue::Fixed32(2))));
        assert_eq!(r.next_field().unwrap(), None);
        assert_eq!(
            Reader::new(&[0x12, 0x05, b'a']).next_field(),
            Err(ProtobufError::Truncated)
        );
        assert_eq!(
            Reader::new(&[0x00]).next_field(),
            Err(ProtobufError::InvalidTag { tag: 0 })
        );
        assert_eq!(
            Reader::new(&[0x0b]).next_field(),
            Err(ProtobufError::InvalidTag { tag: 0x0b })
        );
        assert_eq!(packed_varints(&[0x01, 0x96, 0x01]).unwrap(), vec![1, 150]);
    }
}
