package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/extract"
	"github.com/bdg-district/bdg/jsonw"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
)

// Submission is one report version to store: values received as they are
// (structured data, a typed form, a table row), read from a file, or made
// from an earlier version (a correction).
type Submission struct {
	// ID is the report id to use; empty means a new one. A spooled
	// submission keeps the id its client was given.
	ID         string
	Commune    string
	Period     period.Period
	Values     []model.Value
	SourceKind string // txt, docx, json, csv, xlsx, form
	FileName   string
	File       []byte // the original bytes, kept as sent
	Text       string // the normalised text of a narrative report
	By         string
	At         time.Time // when received; zero means now
	Publish    bool      // publish at once (structured data from a trusted officer)
	Warnings   []string
	// BasedOn is the version a correction is made from; Hash is then the
	// base's content hash (its text is what the evidence points into) and
	// Note the officer's reason.
	BasedOn uint32
	Hash    string
	Note    string
}

// Result is the stored report version.
type Result struct {
	Report    model.Report  `json:"report"`
	Values    []model.Value `json:"values"`
	Duplicate bool          `json:"duplicate"`
	// Failures are the validation rules its values do not pass (they do
	// not stop a draft; they stop, or ask before, publishing).
	Failures []catalogue.Failure `json:"failures"`
	// Extraction is what was read from a narrative report (nil for structured data).
	Extraction *extract.Extraction `json:"extraction,omitempty"`
}

// maxCount bounds counts: no commune reaches a billion of anything.
const maxCount = 1e9

// validate checks the commune, the period and every value, and fills units.
func (s *Service) validate(cat *catalogue.Catalogue, sub *Submission) error {
	if sub.Period.IsZero() {
		return apperr.Invalid("period_missing", "period", "Thiếu kỳ báo cáo (ví dụ 2024-H1)", "The period is missing (e.g. 2024-H1)")
	}
	if sub.Period.Start().After(s.now()) {
		return apperr.Invalid("period_in_future", "period",
			"Kỳ báo cáo "+sub.Period.String()+" chưa bắt đầu", "Period "+sub.Period.String()+" has not started yet")
	}
	idx, err := s.unitIndex()
	if err != nil {
		return err
	}
	if _, ok := idx.Commune(sub.Period.Era(), sub.Commune); !ok {
		return apperr.Invalid("unknown_commune", "commune",
			fmt.Sprintf("Không có xã/phường mã %q trong danh mục đơn vị hành chính của kỳ %s", sub.Commune, sub.Period),
			fmt.Sprintf("No commune with code %q in the unit list for period %s", sub.Commune, sub.Period))
	}
	// A map only for long lists: a national import validates millions of
	// values, a few per report, and scanning a short list allocates nothing.
	var seen map[string]bool
	if len(sub.Values) > 32 {
		seen = make(map[string]bool, len(sub.Values))
	}
	for i, v := range sub.Values {
		ind, ok := cat.Get(v.Indicator)
		if !ok {
			return apperr.Invalid("unknown_indicator", "values."+v.Indicator,
				fmt.Sprintf("Chỉ tiêu %q không có trong danh mục", v.Indicator),
				fmt.Sprintf("Indicator %q is not in the catalogue", v.Indicator))
		}
		if seen[v.Indicator] || (seen == nil && slices.ContainsFunc(sub.Values[:i], func(w model.Value) bool { return w.Indicator == v.Indicator })) {
			return apperr.Invalid("duplicate_indicator", "values."+v.Indicator, "Chỉ tiêu bị lặp", "Indicator given twice")
		}
		if seen != nil {
			seen[v.Indicator] = true
		}
		if err := checkValue(ind, v.Value); err != nil {
			return err.WithField("values." + v.Indicator) // built only on error: this loop is hot
		}
		if sub.Values[i].Unit == "" {
			sub.Values[i].Unit = ind.Unit
		}
	}
	return nil
}

// figures are a version's values by code, for the validation rules.
func figures(vals []model.Value) catalogue.Figures {
	f := make(catalogue.Figures, len(vals))
	for _, v := range vals {
		f[v.Indicator] = v.Value
	}
	return f
}

// checkValue rejects numbers no report can mean.
func checkValue(ind catalogue.Indicator, v float64) *apperr.Error {
	bad := func(code, vi, en string) *apperr.Error {
		return apperr.New(http.StatusUnprocessableEntity, code, "", vi, en)
	}
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return bad("value_not_finite", "Giá trị không phải là số hữu hạn", "The value is not a finite number")
	case v < 0:
		return bad("value_negative", "Giá trị không được âm", "The value must not be negative")
	case ind.Unit == "%" && v > 100:
		return bad("ratio_over_100", "Tỷ lệ phải từ 0 đến 100%", "A percentage must be between 0 and 100")
	case ind.Unit != "%" && v != math.Trunc(v):
		return bad("value_not_integer", "Số đếm phải là số nguyên", "A count must be a whole number")
	case v > maxCount:
		return bad("value_too_large", "Giá trị quá lớn", "The value is too large")
	}
	return nil
}

// contentHash identifies a submission's content: the file's bytes, or for
// structured data the commune, period and sorted values.
func contentHash(sub Submission) string {
	if sub.Hash != "" {
		return sub.Hash
	}
	h := sha256.New()
	if sub.File != nil {
		h.Write(sub.File)
	} else {
		type kv struct {
			C string
			V float64
		}
		vals := make([]kv, 0, len(sub.Values))
		for _, v := range sub.Values {
			vals = append(vals, kv{v.Indicator, v.Value})
		}
		slices.SortFunc(vals, func(a, b kv) int { return strings.Compare(a.C, b.C) })
		// The hashed bytes are encoding/json's of
		// {"commune","period","kind","values":[{"c","v"}]}, as stored hashes
		// were made; written by hand, as a national import hashes every row
		// (TestContentHashBytes holds the two equal).
		b := make([]byte, 0, 64+len(vals)*40)
		b = append(b, `{"commune":`...)
		b = jsonw.AppendString(b, sub.Commune)
		b = append(b, `,"period":`...)
		b = jsonw.AppendString(b, sub.Period.String())
		b = append(b, `,"kind":`...)
		b = jsonw.AppendString(b, sub.SourceKind)
		b = append(b, `,"values":`...)
		if len(vals) == 0 {
			b = append(b, "[]"...)
		} else {
			b = append(b, '[')
			for i, v := range vals {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"c":`...)
				b = jsonw.AppendString(b, v.C)
				b = append(b, `,"v":`...)
				b = jsonw.AppendFloat(b, v.V)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		h.Write(append(b, '}'))
	}
	return hex.EncodeToString(h.Sum(nil))
}
