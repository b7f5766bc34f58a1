package extract

import (
	"fmt"
	"time"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/docread"
)

// Budget bounds the work spent on one report, so that a crafted file (a
// small .docx that inflates to megabytes of short paragraphs) cannot tie up
// a core: the size of its text and the time its extraction may take.
type Budget struct {
	MaxText int           // bytes of normalised text; 0 means docread.MaxText
	MaxTime time.Duration // 0 means DefaultMaxTime
}

// DefaultMaxTime is how long one report's extraction may take. A real
// report takes milliseconds; the most text docread lets through takes
// seconds even when it is all figures.
const DefaultMaxTime = 20 * time.Second

// CodeTooComplex is the error code of a text whose extraction ran out of
// time (422); a text over the size limit is docread.CodeTextTooLong (413).
const CodeTooComplex = "text_too_complex"

func tooComplex(limit time.Duration) *apperr.Error {
	return apperr.Invalid(CodeTooComplex, "file",
		fmt.Sprintf("Không đọc xong văn bản trong %d giây: văn bản có quá nhiều con số hoặc câu quá dài; vui lòng kiểm tra lại tệp", int(limit.Seconds())),
		fmt.Sprintf("the text could not be read within %d seconds: it has too many figures or endless sentences; please check the file", int(limit.Seconds())))
}

// ExtractWithin is Extract under a budget: a text longer than b.MaxText is
// refused with 413 and one whose reading runs past b.MaxTime with 422, each
// as a bilingual *apperr.Error about the field "file".
func ExtractWithin(text string, cat []catalogue.Indicator, b Budget) (Extraction, error) {
	if b.MaxText <= 0 {
		b.MaxText = docread.MaxText
	}
	if b.MaxTime <= 0 {
		b.MaxTime = DefaultMaxTime
	}
	if len(text) > b.MaxText {
		return refused(), docread.TextTooLong(len(text), b.MaxText)
	}
	ex, late := extract(text, cat, time.Now().Add(b.MaxTime))
	if late {
		return refused(), tooComplex(b.MaxTime)
	}
	return ex, nil
}

// refused is the extraction of a text over its budget: nothing read.
func refused() Extraction {
	return Extraction{Indicators: []Value{}, Conflicts: []Conflict{}, Warnings: []string{}}
}

// over reports whether the extraction has run out of time. The loops over
// figures, lines and table rows ask it; it reads the clock every 64 calls.
func (x *extractor) over() bool {
	if x.late {
		return true
	}
	x.ticks++
	if x.ticks&63 == 1 && time.Now().After(x.deadline) {
		x.late = true
	}
	return x.late
}
