// The matcher's folding of names (src/text/normalize.rs: fold_char, needs_nfkc,
// normalize_str), for the search box: NFKC for compatibility characters only;
// diacritics, tatweel and invisible controls removed; alef variants to ا, ى ی ئ
// to ي, ة to ه, ؤ to و, ک to ك; Arabic-Indic digits to ASCII; lower case; every
// space to one space, the ends trimmed. The integration tests run this file
// against the Rust folding.
'use strict';

function ngNeedsNfkc(cp) {
  return (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFE) ||
    (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0xFB00 && cp <= 0xFB4F) ||
    (cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x3300 && cp <= 0x33FF) ||
    (cp >= 0x0675 && cp <= 0x0678) || (cp >= 0x1D400 && cp <= 0x1D7FF);
}

function ngRemoved(cp) {
  return (cp >= 0x0610 && cp <= 0x061A) || cp === 0x061C ||
    (cp >= 0x064B && cp <= 0x065F) || cp === 0x0670 ||
    (cp >= 0x06D6 && cp <= 0x06DC) || (cp >= 0x06DF && cp <= 0x06E8) ||
    (cp >= 0x06EA && cp <= 0x06ED) || cp === 0x0640 || cp === 0x00AD ||
    (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F);
}

const NG_UPPER = /^\p{Uppercase}$/u;

// One character (after NFKC) folded: a string, or null when removed.
function ngFoldChar(ch) {
  const cp = ch.codePointAt(0);
  if (cp < 0x80) {
    return cp >= 0x41 && cp <= 0x5A ? String.fromCharCode(cp + 32) : ch;
  }
  if (ngRemoved(cp)) return null;
  switch (cp) {
    case 0x0623: case 0x0625: case 0x0622: case 0x0671: case 0x0672: case 0x0673:
      return '\u0627';
    case 0x0649: case 0x06CC: case 0x06D0: case 0x06CD: case 0x0626:
      return '\u064A';
    case 0x0629: case 0x06C0: case 0x06D5:
      return '\u0647';
    case 0x0624:
      return '\u0648';
    case 0x06A9: case 0x06AA:
      return '\u0643';
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
      return ' ';
    case 0x2028: case 0x2029: case 0x0085:
      return '\n';
  }
  if (cp >= 0x0660 && cp <= 0x0669) return String.fromCharCode(0x30 + cp - 0x0660);
  if (cp >= 0x06F0 && cp <= 0x06F9) return String.fromCharCode(0x30 + cp - 0x06F0);
  if (cp >= 0x2000 && cp <= 0x200A) return ' ';
  if (cp >= 0x0600 && cp <= 0x06FF) return ch;
  if (NG_UPPER.test(ch)) {
    const lower = ch.toLowerCase();
    return String.fromCodePoint(lower.codePointAt(0));
  }
  return ch;
}

// A name or a query folded as the matcher folds names.
function ngFold(s) {
  let out = '';
  for (const ch of String(s)) {
    if (ngNeedsNfkc(ch.codePointAt(0))) {
      for (const d of ch.normalize('NFKC')) {
        const f = ngFoldChar(d);
        if (f !== null) out += f;
      }
    } else {
      const f = ngFoldChar(ch);
      if (f !== null) out += f;
    }
  }
  return out.split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/)
    .filter(w => w !== '').join(' ');
}

if (typeof module !== 'undefined') module.exports = { ngFold };
