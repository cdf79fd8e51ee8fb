//! The word tokenizer of every search index: splits text into words at anything that is not a letter or a
//! digit, and writes each word lower-cased, with `ё` read as `е`, in one pass.
//!
//! It does the work of tantivy's `SimpleTokenizer` followed by `LowerCaser` plus a copy of the
//! text with `ё` replaced, without the copy and with fast paths for the scripts of the library
//! (ASCII, Cyrillic including the Kazakh letters): indexing spends most of its time here and
//! in the stemmers. Offsets point into the original text, so snippets keep its characters.

use std::str::CharIndices;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordStream<'a> {
    text: &'a str,
    chars: CharIndices<'a>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            chars: text.char_indices(),
            token: &mut self.token,
        }
    }
}

/// Letters and digits; the Cyrillic block (Russian, Kazakh and more) without its few signs.
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0}'..='\u{7f}' => false,
        '\u{0400}'..='\u{0481}' | '\u{048a}'..='\u{04ff}' => true,
        c => c.is_alphanumeric(),
    }
}

/// Appends `c` lower-cased, `ё` as `е`.
fn push_folded(out: &mut String, c: char) {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        '\u{0}'..='\u{7f}' => out.push(c),
        'ё' | 'Ё' => out.push('е'),
        'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).expect("a Cyrillic letter")),
        'а'..='я' => out.push(c),
        c => out.extend(c.to_lowercase()),
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        for (from, c) in self.chars.by_ref() {
            if !is_word_char(c) {
                continue;
            }
            self.token.offset_from = from;
            push_folded(&mut self.token.text, c);
            self.token.offset_to = self.text.len();
            for (at, c) in self.chars.by_ref() {
                if !is_word_char(c) {
                    self.token.offset_to = at;
                    break;
                }
                push_folded(&mut self.token.text, c);
            }
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    fn words(text: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn splits_folds_and_keeps_offsets() {
        assert_eq!(
            words("Ёлка, ОТХОДОВ-2023; Қалдықтарды жинау"),
            vec![
                ("елка".to_string(), 0, 8),
                ("отходов".to_string(), 10, 24),
                ("2023".to_string(), 25, 29),
                ("қалдықтарды".to_string(), 31, 53),
                ("жинау".to_string(), 54, 64),
            ]
        );
        assert_eq!(words("  ,;  "), vec![]);
        assert_eq!(
            words("Über Straße"),
            vec![("über".into(), 0, 5), ("straße".into(), 6, 13)]
        );
    }

    #[test]
    fn agrees_with_tantivys_simple_tokenizer_and_lower_caser() {
        let text = "Die Kreislaufwirtschaft (KrWG) — ÆSIR ǅemal İstanbul ΣΊΣΥΦΟΣ Ԥ ӘЖІ ҮҰҚҒ ӨҺ \
                    Ѐ Ѡ Ґ ꙊЅ 5 км² № 1. Mülldeponie, a\u{301}b";
        let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .build();
        let mut stream = theirs.token_stream(text);
        let mut expected = Vec::new();
        while stream.advance() {
            let t = stream.token();
            expected.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        assert_eq!(words(text), expected);
    }
}
