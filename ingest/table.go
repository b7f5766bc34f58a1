package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/catalogue"
	"github.com/bdg-district/bdg/ingest/docread"
	"github.com/bdg-district/bdg/ingest/extract"
	"github.com/bdg-district/bdg/model"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// The structured template: one sheet, a title block, a row of Vietnamese
// headers, a row of indicator codes (what bdg reads), then one row per
// commune. Officers fill the numbers; bdg reads them back by code.
const (
	sheetName  = "SoLieu"
	headerRow  = 4 // Vietnamese headers
	codeRow    = 5 // machine-readable codes
	firstData  = 6
	codeColumn = "commune"
	nameColumn = "commune_name"
	maxRows    = 20000
)

// Template builds the XLSX template for a period: one row per commune,
// Vietnamese headers, and data validation on every numeric cell.
func Template(p period.Period, communes []units.Unit, cat []catalogue.Indicator) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheetName); err != nil {
		return nil, err
	}
	set := func(cell string, v any) {
		_ = f.SetCellValue(sheetName, cell, v)
	}
	set("A1", "BIỂU MẪU SỐ LIỆU BÌNH ĐẲNG GIỚI VÀ VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ / GENDER-EQUALITY FIGURES")
	set("A2", "Kỳ báo cáo / Period")
	set("B2", p.String())
	set("C2", p.LabelVI())
	set("A3", "Điền số vào các ô trống; để trống nếu báo cáo không nêu (khác với số 0). Không sửa hàng 5. / Fill in the numbers; leave blank when not stated (not 0). Do not edit row 5.")
	cols := []string{"Mã xã / Code", "Tên xã / Commune"}
	codes := []string{codeColumn, nameColumn}
	for _, ind := range cat {
		cols = append(cols, fmt.Sprintf("%s (%s)", ind.NameVI, ind.Unit))
		codes = append(codes, ind.Code)
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F3D9E5"}}})
	grey, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "888888", Size: 8}})
	for i := range cols {
		c, _ := excelize.CoordinatesToCellName(i+1, headerRow)
		set(c, cols[i])
		_ = f.SetCellStyle(sheetName, c, c, bold)
		k, _ := excelize.CoordinatesToCellName(i+1, codeRow)
		set(k, codes[i])
		_ = f.SetCellStyle(sheetName, k, k, grey)
	}
	for r, u := range communes {
		row := firstData + r
		a, _ := excelize.CoordinatesToCellName(1, row)
		b, _ := excelize.CoordinatesToCellName(2, row)
		_ = f.SetCellStr(sheetName, a, u.Code) // codes are text: 06331 keeps its zero
		_ = f.SetCellStr(sheetName, b, u.FullName())
	}
	last := firstData + max(len(communes), 1) - 1
	for i, ind := range cat {
		from, _ := excelize.CoordinatesToCellName(i+3, firstData)
		to, _ := excelize.CoordinatesToCellName(i+3, last)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = from + ":" + to
		if ind.Unit == "%" {
			_ = dv.SetRange(0, 100, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "Tỷ lệ / Percentage", "Nhập số từ 0 đến 100 / Enter a number from 0 to 100")
		} else {
			_ = dv.SetRange(0, maxCount, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "Số đếm / Count", "Nhập số nguyên không âm / Enter a whole number, 0 or more")
		}
		if err := f.AddDataValidation(sheetName, dv); err != nil {
			return nil, fmt.Errorf("ingest: template: %w", err)
		}
	}
	_ = f.SetColWidth(sheetName, "A", "A", 10)
	_ = f.SetColWidth(sheetName, "B", "B", 24)
	endCol, _ := excelize.ColumnNumberToName(len(cols))
	_ = f.SetColWidth(sheetName, "C", endCol, 16)
	_ = f.SetRowHeight(sheetName, headerRow, 60)
	_ = f.SetPanes(sheetName, &excelize.Panes{Freeze: true, Split: false, XSplit: 2, YSplit: codeRow, TopLeftCell: "C6", ActivePane: "bottomRight"})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("ingest: template: %w", err)
	}
	return buf.Bytes(), nil
}

// lineError is one problem of an uploaded table, naming its line.
func lineError(line int, field, code, vi, en string) *apperr.Error {
	return apperr.Invalid(code, field, fmt.Sprintf("Dòng %d: %s", line, vi), fmt.Sprintf("Line %d: %s", line, en))
}

// tableError is every problem of an uploaded table at once (nothing was
// stored), 422 with the first as the error.
func tableError(problems []*apperr.Error) error {
	return apperr.List(http.StatusUnprocessableEntity, problems)
}

// tableFileError is a table file that cannot be read at all.
func tableFileError(code, vi, en string) *apperr.Error {
	return apperr.Invalid(code, "file", vi, en)
}

// tableRows reads a CSV or XLSX upload into rows of cells with their line
// numbers as the officer sees them.
func tableRows(name string, data []byte) ([][]string, []int, error) {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".xlsx"):
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 50 << 20, UnzipXMLSizeLimit: 20 << 20})
		if err != nil {
			return nil, nil, tableFileError("xlsx_invalid", "Không đọc được tệp Excel (.xlsx)", "The Excel (.xlsx) file cannot be read")
		}
		defer f.Close()
		sheet := f.GetSheetName(0)
		if idx, _ := f.GetSheetIndex(sheetName); idx >= 0 {
			sheet = sheetName
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, tableFileError("xlsx_invalid", "Không đọc được trang tính", "The worksheet cannot be read")
		}
		lines := make([]int, len(rows))
		for i := range rows {
			lines[i] = i + 1
		}
		return rows, lines, nil
	case strings.HasSuffix(lower, ".csv"):
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(data) {
			return nil, nil, tableFileError(docread.CodeInvalidUTF8, "Tệp CSV phải được lưu ở dạng UTF-8", "The CSV file must be saved as UTF-8")
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		if bytes.Count(data[:min(len(data), 4096)], []byte(";")) > bytes.Count(data[:min(len(data), 4096)], []byte(",")) {
			r.Comma = ';' // Excel in a Vietnamese locale saves with semicolons
		}
		var rows [][]string
		var lines []int
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					return nil, nil, lineError(pe.Line, "file", "csv_invalid", "CSV không hợp lệ: "+pe.Err.Error(), "invalid CSV: "+pe.Err.Error())
				}
				return nil, nil, tableFileError("csv_invalid", "CSV không hợp lệ", "Invalid CSV")
			}
			if len(rows) >= maxRows {
				return nil, nil, tableFileError("too_many_rows", "Tệp có quá nhiều dòng", "The file has too many rows")
			}
			line, _ := r.FieldPos(0)
			rows = append(rows, rec)
			lines = append(lines, line)
		}
		return rows, lines, nil
	}
	return nil, nil, tableFileError(docread.CodeUnknownType, "Bảng số liệu phải là .csv hoặc .xlsx", "A table must be .csv or .xlsx")
}

// ParseTable reads a filled template (XLSX) or a CSV with a header row of
// indicator codes (or the template's Vietnamese headers) into one
// submission per commune row. Every row is checked before anything is
// stored: one bad cell rejects the whole file, naming its line and column.
func (s *Service) ParseTable(ctx context.Context, name string, data []byte, p period.Period, by string) ([]Submission, error) {
	cat := s.Catalogue(ctx)
	rows, lines, err := tableRows(name, data)
	if err != nil {
		return nil, err
	}
	byName := map[string]string{}
	for _, ind := range cat.All() {
		byName[units.NameKey(fmt.Sprintf("%s (%s)", ind.NameVI, ind.Unit))] = ind.Code
		byName[units.NameKey(ind.NameVI)] = ind.Code
		byName[ind.Code] = ind.Code
	}
	for _, k := range []string{codeColumn, "mã xã", "mã xã / code", "ma_xa", "code"} {
		byName[k] = codeColumn
	}
	for _, k := range []string{"period", "kỳ", "kỳ báo cáo", "ky"} {
		byName[k] = "period"
	}
	// The header is the last of the first rows that names the commune
	// column: in the template the code row (row 5), in a plain CSV row 1. A period
	// cell "B2" in the template's title block is used when no period was given.
	hdr := -1
	for i, r := range rows {
		if i > 10 {
			break
		}
		for _, c := range r {
			if byName[units.NameKey(c)] == codeColumn {
				hdr = i
			}
		}
		if len(r) >= 2 && units.NameKey(r[0]) == units.NameKey("Kỳ báo cáo / Period") && p.IsZero() {
			if tp, err := period.Parse(r[1]); err == nil {
				p = tp
			}
		}
	}
	if hdr < 0 {
		return nil, tableError([]*apperr.Error{tableFileError("header_missing",
			"Không tìm thấy hàng tiêu đề có cột mã xã (commune)", "No header row with a commune code column")})
	}
	cols := map[int]string{}
	var problems []*apperr.Error
	for i, c := range rows[hdr] {
		key := byName[units.NameKey(c)]
		if key == "" && strings.TrimSpace(c) != "" && units.NameKey(c) != nameColumn && units.NameKey(c) != units.NameKey("Tên xã / Commune") {
			problems = append(problems, lineError(lines[hdr], "column "+strconv.Itoa(i+1), "unknown_column",
				fmt.Sprintf("cột %q không phải chỉ tiêu trong danh mục", c), fmt.Sprintf("column %q is not a catalogue indicator", c)))
		}
		if key != "" {
			cols[i] = key
		}
	}
	var subs []Submission
	seen := map[string]int{}
	for ri := hdr + 1; ri < len(rows); ri++ {
		row, line := rows[ri], lines[ri]
		sub := Submission{Period: p, SourceKind: kindOf(name), By: by}
		rowPeriod := ""
		empty := true
		var rowProblems []*apperr.Error
		for ci, cell := range row {
			key, ok := cols[ci]
			cell = strings.TrimSpace(cell)
			if !ok || cell == "" {
				continue
			}
			switch key {
			case codeColumn:
				sub.Commune = cell
			case "period":
				rowPeriod = cell
			default:
				empty = false
				v, ok := ParseNumber(cell)
				if !ok {
					rowProblems = append(rowProblems, lineError(line, key, "value_not_number",
						fmt.Sprintf("ô %s: %q không phải là số", key, cell), fmt.Sprintf("%s: %q is not a number", key, cell)))
					continue
				}
				ind, _ := cat.Get(key)
				if ue := checkValue(ind, v); ue != nil {
					rowProblems = append(rowProblems, lineError(line, key, ue.Code, key+": "+ue.MessageVI, key+": "+ue.MessageEN))
					continue
				}
				sub.Values = append(sub.Values, model.Value{Indicator: key, Value: v, Method: model.MethodImported, Confidence: 1})
			}
		}
		if empty && len(rowProblems) == 0 {
			continue // a commune left blank has not reported
		}
		if rowPeriod != "" {
			rp, err := period.Parse(rowPeriod)
			if err != nil {
				rowProblems = append(rowProblems, lineError(line, "period", "period_invalid", "kỳ báo cáo không hợp lệ", "invalid period"))
			} else if !p.IsZero() && rp != p {
				rowProblems = append(rowProblems, lineError(line, "period", "period_conflict", "kỳ báo cáo khác với kỳ đã chọn", "the period differs from the chosen one"))
			} else {
				sub.Period = rp
			}
		}
		if sub.Period.IsZero() {
			rowProblems = append(rowProblems, lineError(line, "period", "period_missing", "thiếu kỳ báo cáo", "the period is missing"))
		}
		if sub.Commune == "" {
			rowProblems = append(rowProblems, lineError(line, codeColumn, "commune_missing", "thiếu mã xã", "the commune code is missing"))
		} else if prev, dup := seen[sub.Commune+sub.Period.String()]; dup {
			rowProblems = append(rowProblems, lineError(line, codeColumn, "duplicate_row",
				fmt.Sprintf("xã %s đã có ở dòng %d", sub.Commune, prev), fmt.Sprintf("commune %s already on line %d", sub.Commune, prev)))
		} else if len(rowProblems) == 0 {
			seen[sub.Commune+sub.Period.String()] = line
			probe := sub
			if err := s.validate(cat, &probe); err != nil {
				ue, ok := apperr.As(err)
				if !ok {
					return nil, err
				}
				rowProblems = append(rowProblems, lineError(line, ue.Field, ue.Code, ue.MessageVI, ue.MessageEN))
			}
		}
		problems = append(problems, rowProblems...)
		if len(rowProblems) == 0 {
			subs = append(subs, sub)
		}
	}
	if len(problems) > 0 {
		return nil, tableError(problems)
	}
	if len(subs) == 0 {
		return nil, tableError([]*apperr.Error{tableFileError("table_empty", "Bảng không có dòng số liệu nào", "The table has no rows of figures")})
	}
	return subs, nil
}

// ParseNumber reads a number a person typed or a table holds: as
// Vietnamese offices write it (1.500; 33,3), else in plain notation (1500;
// 33.3).
func ParseNumber(s string) (float64, bool) {
	if v, ok := extract.ParseNumber(s); ok {
		return v, true
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func kindOf(name string) string {
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") {
		return "xlsx"
	}
	return "csv"
}

// ImportTable stores every row of a checked table as a report version (all
// rows or none: nothing is written when any row is wrong). owner, when set,
// is the one unit the caller may write (a commune reporter: its code in its
// era, and the 2025 successor it was granted).
func (s *Service) ImportTable(ctx context.Context, name string, data []byte, p period.Period, by string, owner *units.Scope, publish bool) ([]Result, error) {
	subs, err := s.ParseTable(ctx, name, data, p, by)
	if err != nil {
		return nil, err
	}
	if owner != nil {
		for _, sub := range subs {
			if !owner.Owns(sub.Period.Era(), sub.Commune) {
				return nil, apperr.Forbidden("forbidden_commune", "commune",
					"Bảng có số liệu của xã khác ("+sub.Commune+", kỳ "+sub.Period.String()+")",
					"The table holds another commune's figures ("+sub.Commune+", period "+sub.Period.String()+")")
			}
		}
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	if err := s.st.SaveFiles(ctx, []model.File{{Hash: hash, Name: name, Bytes: data, ReceivedAt: s.now()}}); err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	for i := range subs {
		subs[i].FileName, subs[i].Publish = name, publish
	}
	return s.SubmitBatch(ctx, subs)
}
