package docread

import (
	"strings"
	"unicode"
)

// tcvn3 maps the TCVN3 (ABC, TCVN 5712:1993 VN3) bytes 0xA1-0xFE to Unicode.
// A TCVN3 file read as Latin-1, or a .docx typed with a .VnTime font, shows
// these bytes as Latin-1 characters: "B¸o c¸o" is "Báo cáo".
var tcvn3 = map[rune]rune{
	0xA1: 'Ă', 0xA2: 'Â', 0xA3: 'Ê', 0xA4: 'Ô', 0xA5: 'Ơ', 0xA6: 'Ư', 0xA7: 'Đ',
	0xA8: 'ă', 0xA9: 'â', 0xAA: 'ê', 0xAB: 'ô', 0xAC: 'ơ', 0xAD: 'ư', 0xAE: 'đ',
	0xB5: 'à', 0xB6: 'ả', 0xB7: 'ã', 0xB8: 'á', 0xB9: 'ạ',
	0xBB: 'ằ', 0xBC: 'ẳ', 0xBD: 'ẵ', 0xBE: 'ắ', 0xC6: 'ặ',
	0xC7: 'ầ', 0xC8: 'ẩ', 0xC9: 'ẫ', 0xCA: 'ấ', 0xCB: 'ậ',
	0xCC: 'è', 0xCE: 'ẻ', 0xCF: 'ẽ', 0xD0: 'é', 0xD1: 'ẹ',
	0xD2: 'ề', 0xD3: 'ể', 0xD4: 'ễ', 0xD5: 'ế', 0xD6: 'ệ',
	0xD7: 'ì', 0xD8: 'ỉ', 0xDC: 'ĩ', 0xDD: 'í', 0xDE: 'ị',
	0xDF: 'ò', 0xE1: 'ỏ', 0xE2: 'õ', 0xE3: 'ó', 0xE4: 'ọ',
	0xE5: 'ồ', 0xE6: 'ổ', 0xE7: 'ỗ', 0xE8: 'ố', 0xE9: 'ộ',
	0xEA: 'ờ', 0xEB: 'ở', 0xEC: 'ỡ', 0xED: 'ớ', 0xEE: 'ợ',
	0xEF: 'ù', 0xF1: 'ủ', 0xF2: 'ũ', 0xF3: 'ú', 0xF4: 'ụ',
	0xF5: 'ừ', 0xF6: 'ử', 0xF7: 'ữ', 0xF8: 'ứ', 0xF9: 'ự',
	0xFA: 'ỳ', 0xFB: 'ỷ', 0xFC: 'ỹ', 0xFD: 'ý', 0xFE: 'ỵ',
}

// vniMarks maps a VNI-Windows mark byte (following its base letter) to the
// combining marks it stands for; upper and lower case bytes mean the same.
var vniMarks = map[rune]string{
	'ù': "\u0301", 'ø': "\u0300", 'û': "\u0309", 'õ': "\u0303", 'ï': "\u0323",
	'â': "\u0302", 'á': "\u0302\u0301", 'à': "\u0302\u0300", 'å': "\u0302\u0309", 'ã': "\u0302\u0303", 'ä': "\u0302\u0323",
	'ê': "\u0306", 'é': "\u0306\u0301", 'è': "\u0306\u0300", 'ú': "\u0306\u0309", 'ü': "\u0306\u0303", 'ë': "\u0306\u0323",
	'î': "\u0323",
}

// vniSingles are VNI-Windows bytes that stand alone for a whole letter.
var vniSingles = map[rune]string{
	'ô': "ơ", 'Ô': "Ơ", 'ö': "ư", 'Ö': "Ư", 'ñ': "đ", 'Ñ': "Đ",
	'í': "í", 'Í': "Í", 'ì': "ì", 'Ì': "Ì", 'æ': "ỉ", 'Æ': "Ỉ", 'ó': "ĩ", 'Ó': "Ĩ", 'ò': "ị", 'Ò': "Ị",
}

// isVietSpecific reports letters that only real Unicode Vietnamese has and
// that legacy mojibake (all below U+0100) never shows.
func isVietSpecific(r rune) bool {
	switch r {
	case 'ă', 'Ă', 'ơ', 'Ơ', 'ư', 'Ư', 'đ', 'Đ', 'ĩ', 'Ĩ', 'ũ', 'Ũ':
		return true
	}
	return r >= 0x1EA0 && r <= 0x1EF9
}

// hasVietSpecific reports whether s holds real Unicode Vietnamese letters.
func hasVietSpecific(s string) bool { return strings.IndexFunc(s, isVietSpecific) >= 0 }

// legacyKind guesses whether s is TCVN3 or VNI mojibake: "tcvn3", "vni" or
// "". Lines already in Unicode Vietnamese (a header pasted into an old
// document) are left out of the count and of the conversion.
func legacyKind(s string) string {
	var keep strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if !hasVietSpecific(l) {
			keep.WriteString(l)
			keep.WriteByte('\n')
		}
	}
	return legacyKindOf(keep.String())
}

func legacyKindOf(s string) string {
	var tcvn, vni, viet, letters int
	prevVowel, prevLowerASCII := false, false
	for _, r := range s {
		// TCVN3's lower-case letters ệ ĩ ậ ... show as Latin-1 capitals inside
		// lower-case words ("ViÖt", "nghÜa"); VNI marks follow their own case.
		if prevLowerASCII && r >= 0xC0 && r <= 0xDE && unicode.IsUpper(r) {
			tcvn++
		}
		prevLowerASCII = r < 0x80 && unicode.IsLower(r)
		if unicode.IsLetter(r) {
			letters++
		}
		if isVietSpecific(r) {
			viet++
		}
		// ¡..¾ hold TCVN3's most frequent letters (á à ả ã ạ ă â ê ô ơ ư đ ...)
		// and are almost never typed in Unicode Vietnamese.
		if r >= 0xA1 && r <= 0xBE && r != 0xB0 && r != 0xB2 && r != 0xB3 && r != 0xB4 && r != 0xBA && r != 0xAF {
			tcvn++
		}
		lr := unicode.ToLower(r)
		if prevVowel {
			switch lr {
			case 'ø', 'û', 'ï', 'ä', 'ë', 'å', 'ü', 'î':
				vni++
			}
		}
		if lr == 'ñ' || lr == 'ö' {
			vni++
		}
		prevVowel = strings.ContainsRune("aeiouyAEIOUYôÔöÖ", r)
	}
	if letters == 0 || viet*10 > tcvn+vni {
		return ""
	}
	if tcvn >= 3 && tcvn*200 >= letters && tcvn > vni {
		return "tcvn3"
	}
	if vni >= 3 && vni*200 >= letters && vni > 2*tcvn {
		return "vni"
	}
	return ""
}

// latin1 decodes bytes one to one as Latin-1 runes.
func latin1(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) * 2)
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}

// fromTCVN3 converts TCVN3 mojibake to Unicode. TCVN3 has no capitals
// with tone marks (they were typed in the capitals-only .VnTimeH font), so
// converted letters in capitalised words ("B¸O C¸O") or lines come out upper
// case.
func fromTCVN3(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if !hasVietSpecific(l) {
			lines[i] = fromTCVN3Line(l)
		}
	}
	return strings.Join(lines, "\n")
}

func fromTCVN3Line(s string) string {
	up, lo := 0, 0
	for _, r := range s {
		if r < 0x80 && unicode.IsLetter(r) {
			if unicode.IsUpper(r) {
				up++
			} else {
				lo++
			}
		}
	}
	capsLine := up >= 2 && up >= 4*lo
	var out strings.Builder
	out.Grow(len(s))
	word := make([]rune, 0, 16)
	flush := func() {
		if len(word) == 0 {
			return
		}
		upper, asciiLetters := true, 0
		for _, r := range word {
			if r < 0x80 && unicode.IsLetter(r) {
				asciiLetters++
				if !unicode.IsUpper(r) {
					upper = false
				}
			}
		}
		caps := upper && (asciiLetters >= 2 || (capsLine && asciiLetters >= 1))
		for _, r := range word {
			if u, ok := tcvn3[r]; ok {
				if caps {
					u = unicode.ToUpper(u)
				}
				r = u
			}
			out.WriteRune(r)
		}
		word = word[:0]
	}
	for _, r := range s {
		_, mapped := tcvn3[r]
		if (r < 0x80 && unicode.IsLetter(r)) || mapped {
			word = append(word, r)
			continue
		}
		flush()
		out.WriteRune(r)
	}
	flush()
	return out.String()
}

// fromVNI converts VNI-Windows mojibake to Unicode (decomposed; the caller
// normalises to NFC).
func fromVNI(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if !hasVietSpecific(l) {
			lines[i] = fromVNILine(l)
		}
	}
	return strings.Join(lines, "\n")
}

func fromVNILine(s string) string {
	var out strings.Builder
	out.Grow(len(s))
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		base := r
		if single, ok := vniSingles[r]; ok {
			// ô/ö after a vowel can also be a mark; only ñ/ö/ô and the i-forms are singles.
			out.WriteString(single)
			base = []rune(single)[0]
		} else {
			out.WriteRune(r)
		}
		if i+1 < len(rs) && isVNIBase(base) {
			if m, ok := vniMarks[unicode.ToLower(rs[i+1])]; ok {
				out.WriteString(m)
				i++
			}
		}
	}
	return out.String()
}

func isVNIBase(r rune) bool {
	return strings.ContainsRune("aeouyAEOUYơƠưƯ", r)
}
