package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// unitKind is what a counted noun measures.
type unitKind int

const (
	uNone unitKind = iota
	uSession
	uClass
	uPersonTimes
	uPerson
	uFemale
	uMale
	uVictim
	uCase
	uTeam
	uModel
	uPlan
	uDecision
	uPercent
	uContest // cuộc thi, hội thi: counted but not in the catalogue
)

type unitWord struct {
	phrase string
	kind   unitKind
}

// unitWords are the nouns that follow a count, longest first where one is a
// prefix of another.
var unitWords = []unitWord{
	{"cuộc thi", uContest}, {"hội thi", uContest},
	{"cuộc", uSession}, {"buổi", uSession}, {"hội nghị", uSession}, {"đợt", uSession},
	{"lớp", uClass},
	{"lượt người", uPersonTimes}, {"lượt hội viên", uPersonTimes}, {"lượt phụ nữ", uPersonTimes},
	{"lượt cán bộ", uPersonTimes}, {"lượt người dân", uPersonTimes}, {"lượt học sinh", uPersonTimes},
	{"lượt thanh niên", uPersonTimes}, {"lượt đoàn viên", uPersonTimes}, {"lượt nhân dân", uPersonTimes},
	{"lượt", uPersonTimes},
	{"người", uPerson}, {"cán bộ", uPerson}, {"công chức", uPerson}, {"đồng chí", uPerson},
	{"hội viên", uPerson}, {"thí sinh", uPerson}, {"thành viên", uPerson}, {"học viên", uPerson},
	{"đại biểu", uPerson}, {"phụ nữ", uPerson}, {"học sinh", uPerson}, {"đoàn viên", uPerson},
	{"nữ", uFemale}, {"nam", uMale},
	{"nạn nhân", uVictim},
	{"vụ việc", uCase}, {"vụ", uCase}, {"trường hợp", uCase},
	{"đội", uTeam},
	{"mô hình", uModel}, {"địa chỉ tin cậy", uModel}, {"nhà tạm lãnh", uModel}, {"nhà an toàn", uModel},
	{"câu lạc bộ", uModel}, {"clb", uModel}, {"tổ hòa giải", uModel}, {"tổ hoà giải", uModel}, {"nhóm", uModel},
	{"kế hoạch", uPlan}, {"quyết định", uDecision},
	{"%", uPercent},
}

// unitMatch is the unit found after a number.
type unitMatch struct {
	kind       unitKind
	start, end int // bytes in the text
	noun       string
}

// matchUnit finds the unit written right after the number ending at pos.
func matchUnit(low string, pos int) unitMatch {
	if pos < 0 || pos > len(low) {
		return unitMatch{}
	}
	i := pos
	for i < len(low) && (low[i] == ' ' || low[i] == '\t') {
		i++
	}
	// "04 (bốn) cuộc": skip the number repeated in words.
	if i < len(low) && low[i] == '(' {
		if j := strings.IndexByte(low[i:min(len(low), i+40)], ')'); j > 0 {
			if _, ok := ParseNumber(low[i+1 : i+j]); ok {
				i += j + 1
				for i < len(low) && (low[i] == ' ' || low[i] == '\t') {
					i++
				}
			}
		}
	}
	best := unitMatch{}
	for _, u := range unitWords {
		if !strings.HasPrefix(low[i:], u.phrase) {
			continue
		}
		end := i + len(u.phrase)
		if u.kind != uPercent && end < len(low) {
			r, _ := utf8.DecodeRuneInString(low[end:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
				continue
			}
		}
		if end-i > best.end-best.start {
			best = unitMatch{kind: u.kind, start: i, end: end, noun: u.phrase}
		}
	}
	return best
}
