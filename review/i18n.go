package review

import "github.com/bdg-district/bdg/i18n"

// messages are the review pages' strings: key → {vi, en}.
var messages = i18n.Messages{
	"error.period":      {"Kỳ báo cáo không hợp lệ (ví dụ 2024-H1, 2024, 2024-Q3).", "The period is not valid (e.g. 2024-H1, 2024, 2024-Q3)."},
	"error.number":      {"không phải là số", "is not a number"},
	"field.commune":     {"Xã/phường", "Commune"},
	"field.period":      {"Kỳ báo cáo", "Period"},
	"upload.heading":    {"Nộp báo cáo của xã", "Upload a commune report"},
	"upload.file":       {"Tệp báo cáo (.docx hoặc .txt)", "Report file (.docx or .txt)"},
	"upload.hint":       {"Để trống xã và kỳ nếu văn bản đã ghi rõ; bdg đọc từ văn bản.", "Leave commune and period empty when the report states them; bdg reads them from the text."},
	"upload.fromtext":   {"— theo văn bản —", "— from the text —"},
	"upload.submit":     {"Nộp và trích xuất", "Upload and extract"},
	"upload.queued":     {"Đã nhận và lưu an toàn; sẽ nạp khi cơ sở dữ liệu hoạt động lại. Mã:", "Received and stored safely; it will load when the database is back. Id:"},
	"form.heading":      {"Nhập số liệu của một xã", "Type one commune's figures"},
	"form.hint":         {"Để trống chỉ tiêu báo cáo không nêu (khác với số 0). Số viết kiểu Việt Nam: 1.500; 33,3.", "Leave blank what the report does not state (not 0). Vietnamese style numbers: 1.500; 33,3."},
	"form.submit":       {"Lưu bản nháp", "Save as draft"},
	"form.empty":        {"Chưa nhập chỉ tiêu nào.", "No figure was typed."},
	"import.heading":    {"Nhập số liệu từ Excel/CSV", "Import figures from Excel/CSV"},
	"import.template":   {"Tải biểu mẫu Excel", "Download the Excel template"},
	"import.file":       {"Tệp biểu mẫu đã điền (.xlsx) hoặc CSV", "Filled template (.xlsx) or CSV"},
	"import.submit":     {"Nhập", "Import"},
	"import.problems":   {"Các lỗi cần sửa (chưa lưu gì)", "Problems to fix (nothing was stored)"},
	"import.done":       {"Đã nhập (bản nháp)", "Imported (drafts)"},
	"review.heading":    {"Rà soát báo cáo", "Review report"},
	"review.version":    {"Phiên bản", "Version"},
	"review.by":         {"nộp bởi", "submitted by"},
	"review.warnings":   {"Cảnh báo", "Warnings"},
	"review.values":     {"Chỉ tiêu", "Indicators"},
	"review.text":       {"Nội dung báo cáo", "Report text"},
	"review.notext":     {"Số liệu nhập trực tiếp, không có văn bản.", "Figures typed or imported, no text."},
	"review.note":       {"Ghi chú sửa đổi", "Correction note"},
	"review.save":       {"Lưu bản sửa (phiên bản mới)", "Save correction (new version)"},
	"review.publish":    {"Công bố", "Publish"},
	"review.versions":   {"Các phiên bản", "Versions"},
	"status.draft":      {"Bản nháp", "Draft"},
	"status.published":  {"Đã công bố", "Published"},
	"status.superseded": {"Đã thay thế", "Superseded"},
	"col.indicator":     {"Chỉ tiêu", "Indicator"},
	"col.value":         {"Giá trị", "Value"},
	"col.unit":          {"Đơn vị", "Unit"},
	"method.extracted":  {"trích từ văn bản", "extracted"},
	"method.typed":      {"nhập tay", "typed"},
	"method.imported":   {"nhập từ tệp", "imported"},
	"method.corrected":  {"đã sửa", "corrected"},
	"col.how":           {"Nguồn", "Source"},
}

// T returns the string for key in lang.
func T(lang, key string) string { return messages.T(lang, key) }
