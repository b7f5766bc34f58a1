package extract

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseNumber reads a number as Vietnamese reports write it: dot thousands
// ("1.500"), comma decimals ("12.345,6", "1,5"), leading zeros ("04"), an
// optional trailing "%", or number words ("một", "mười hai", "hai mươi lăm").
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, false
	}
	if m := digitNumber.FindStringIndex(s); m != nil && m[0] == 0 && m[1] == len(s) {
		return parseDigits(s)
	}
	words := strings.Fields(lowerAligned(s))
	v, n := parseNumberWords(words)
	if n == 0 || n != len(words) {
		return 0, false
	}
	return v, true
}

// digitNumber matches 1500, 1.500, 12.345,6 and 1,5.
var digitNumber = regexp.MustCompile(`\d+(?:\.\d{3})*(?:,\d+)?`)

func parseDigits(s string) (float64, bool) {
	s = strings.ReplaceAll(s, ".", "")
	s = strings.Replace(s, ",", ".", 1)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

var digitWords = map[string]int{
	"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}

// isNumberWordStart reports whether w can begin a number in words.
func isNumberWordStart(w string) bool {
	_, ok := digitWords[w]
	return ok || w == "mười"
}

// parseNumberWords reads the longest number in words at the start of words
// and returns its value and how many words it used (0 when none).
func parseNumberWords(words []string) (float64, int) {
	total, group, pending, used := 0, 0, -1, 0
	prev := ""
	for i, w := range words {
		ok := true
		switch {
		case w == "mười":
			if pending >= 0 || group%100 >= 10 {
				ok = false
				break
			}
			group += 10
		case w == "mươi":
			if pending < 2 {
				ok = false
				break
			}
			group += pending * 10
			pending = -1
		case w == "trăm":
			if pending < 1 || group%1000 != 0 {
				ok = false
				break
			}
			group += pending * 100
			pending = -1
		case w == "nghìn" || w == "ngàn":
			if pending < 0 && group == 0 {
				ok = false
				break
			}
			total += (group + max(pending, 0)) * 1000
			group, pending = 0, -1
		case w == "linh" || w == "lẻ":
			if prev != "trăm" {
				ok = false
			}
		case (w == "mốt" || w == "tư" || w == "lăm") && (prev == "mươi" || prev == "mười"):
			pending = map[string]int{"mốt": 1, "tư": 4, "lăm": 5}[w]
		default:
			d, isDigit := digitWords[w]
			if !isDigit || pending >= 0 {
				ok = false
				break
			}
			if w == "năm" && (prev == "mươi" || prev == "mười") {
				d = 5
			}
			pending = d
		}
		if !ok {
			break
		}
		used = i + 1
		prev = w
	}
	if used == 0 {
		return 0, 0
	}
	// A number cannot end on a connective.
	if prev == "linh" || prev == "lẻ" {
		used--
	}
	return float64(total + group + max(pending, 0)), used
}

// lowerAligned lower-cases s rune by rune, keeping every byte offset: a rune
// whose lower case has another UTF-8 length is left as it is.
func lowerAligned(s string) string {
	// Most of a report is ASCII and already lower case: copy only from the
	// first byte that changes, and decode runes only outside ASCII.
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				break // an invalid byte becomes U+FFFD, as range does
			}
			if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == n {
				break
			}
			i += n
			continue
		}
		if 'A' <= c && c <= 'Z' {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		l := unicode.ToLower(r)
		if utf8.RuneLen(l) != n {
			l = r
		}
		b = utf8.AppendRune(b, l)
		i += n
	}
	return string(b)
}

// mention is one number found in the text, with the unit written after it.
type mention struct {
	start, end int // bytes of the number in the text
	value      float64
	words      bool // written as words
	unit       unitMatch
}

// findNumbers finds digit and word numbers in low (the lower-cased text),
// digit numbers first, each in text order. It scans the bytes itself: it
// runs over every report's whole text.
func findNumbers(low string) []mention {
	var out []mention
	for i := 0; i < len(low); {
		if low[i] < '0' || low[i] > '9' {
			i++
			continue
		}
		start := i
		end := digitEnd(low, i)
		i = end
		if start > 0 {
			r, _ := utf8.DecodeLastRuneInString(low[:start])
			if unicode.IsLetter(r) || r == '_' {
				continue
			}
		}
		if end < len(low) {
			r, _ := utf8.DecodeRuneInString(low[end:])
			if unicode.IsLetter(r) {
				continue
			}
		}
		v, ok := parseDigits(low[start:end])
		if !ok {
			continue
		}
		out = append(out, mention{start: start, end: end, value: v})
	}
	// Number words: runs of words separated by single spaces, found from
	// where a number word starts.
	var starts []int
	for _, w := range numberWordStarts {
		for from := 0; ; {
			j := strings.Index(low[from:], w)
			if j < 0 {
				break
			}
			j += from
			from = j + len(w)
			if wordBounded(low, j, j+len(w)) {
				starts = append(starts, j)
			}
		}
	}
	sort.Ints(starts)
	next := 0
	for _, st := range starts {
		if st < next {
			continue // inside the number just read
		}
		var words []string
		var ends []int
		for p := st; len(words) < 8 && p < len(low); {
			e := p
			for e < len(low) {
				r, n := utf8.DecodeRuneInString(low[e:])
				if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
					break
				}
				e += n
			}
			if e == p {
				break
			}
			words, ends = append(words, low[p:e]), append(ends, e)
			if e >= len(low) || low[e] != ' ' {
				break
			}
			p = e + 1
		}
		v, n := parseNumberWords(words)
		if n == 0 {
			continue
		}
		out = append(out, mention{start: st, end: ends[n-1], value: v, words: true})
		next = ends[n-1]
	}
	return out
}

// digitEnd is the end of the number starting at i: digits, dot-separated
// thousands ("1.500") and a comma decimal part ("12,5"), as digitNumber.
func digitEnd(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	for i+3 < len(s) && s[i] == '.' && isDigit3(s[i+1:i+4]) {
		i += 4
	}
	if i+1 < len(s) && s[i] == ',' && s[i+1] >= '0' && s[i+1] <= '9' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return i
}

func isDigit3(s string) bool {
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9'
}

// numberWordStarts are the words a number in words can begin with.
var numberWordStarts = []string{"một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười"}
