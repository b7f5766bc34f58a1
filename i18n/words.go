package i18n

// Words, not codes: how a report came in and how a value was read, as the
// dashboards and the review pages both show them.
var words = Messages{
	"method.extracted": {"đọc từ văn bản", "read from the text"},
	"method.typed":     {"nhập tay", "typed"},
	"method.imported":  {"nhập từ tệp", "imported"},
	"method.corrected": {"đã sửa", "corrected"},
	"source.txt":       {"văn bản .txt", ".txt text"},
	"source.docx":      {"tệp Word", "Word file"},
	"source.json":      {"phần mềm gửi qua API", "sent by software (API)"},
	"source.csv":       {"bảng CSV", "CSV table"},
	"source.xlsx":      {"bảng Excel", "Excel table"},
	"source.form":      {"nhập tay trên trang", "typed on the page"},
	"source.demo":      {"dữ liệu mẫu", "demo data"},
	"source.other":     {"khác", "other"},
}

// SourceKind names how a report came in ("json" → "phần mềm gửi qua API");
// a kind without a name is "khác" (other), never the code.
func SourceKind(lang, kind string) string {
	if _, ok := words["source."+kind]; ok {
		return words.T(lang, "source."+kind)
	}
	return words.T(lang, "source.other")
}

// MethodName names how a value was read ("extracted" → "đọc từ văn bản").
func MethodName(lang, method string) string {
	if _, ok := words["method."+method]; ok {
		return words.T(lang, "method."+method)
	}
	return method
}
