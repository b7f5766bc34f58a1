package dashboards

import "github.com/gin-gonic/gin"

// messages are the UI strings; Vietnamese is the default language.
var messages = map[string][2]string{ // key → {vi, en}
	"app.title":               {"Theo dõi bình đẳng giới cấp xã", "Commune gender-equality monitoring"},
	"nav.overview":            {"Tổng quan", "Overview"},
	"nav.compare":             {"So sánh xã", "Compare communes"},
	"nav.periods":             {"So sánh kỳ", "Compare periods"},
	"nav.trends":              {"Xu hướng", "Trends"},
	"nav.completeness":        {"Tình hình nộp báo cáo", "Reporting status"},
	"nav.reports":             {"Báo cáo", "Reports"},
	"lang.switch":             {"English", "Tiếng Việt"},
	"nav.logout":              {"Đăng xuất", "Log out"},
	"nav.submit":              {"Nộp báo cáo", "Submit reports"},
	"overview.heading":        {"Tổng quan", "Overview"},
	"overview.latest":         {"Kỳ gần nhất", "Latest period"},
	"overview.none":           {"Chưa có báo cáo nào được công bố.", "No report has been published yet."},
	"compare.heading":         {"So sánh các xã", "Compare communes"},
	"col.rank":                {"Hạng", "Rank"},
	"col.commune":             {"Xã/phường", "Commune"},
	"col.value":               {"Giá trị", "Value"},
	"col.share":               {"Tỷ trọng", "Share"},
	"col.prev":                {"Kỳ trước", "Previous period"},
	"col.year":                {"Cùng kỳ năm trước", "Same period last year"},
	"district":                {"Toàn huyện", "District"},
	"average":                 {"Bình quân", "Average"},
	"reported":                {"Đã báo cáo", "Reported"},
	"no.data":                 {"không có số liệu", "no data"},
	"source":                  {"Nguồn: báo cáo của UBND các xã, tổng hợp bằng bdg", "Source: commune People's Committee reports, compiled by bdg"},
	"filter.period":           {"Kỳ báo cáo", "Period"},
	"filter.indicator":        {"Chỉ tiêu", "Indicator"},
	"filter.show":             {"Xem", "Show"},
	"error.heading":           {"Không hiển thị được trang", "The page could not be shown"},
	"error.db":                {"Không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút.", "The database cannot be reached. Please try again in a few minutes."},
	"reform.note":             {"Số liệu trước 01/7/2025: cộng từ các xã cũ đã sáp nhập", "Before 1 July 2025: summed from the merged former communes"},
	"error.notfound":          {"Không tìm thấy trang", "Page not found"},
	"error.bad":               {"Bộ lọc không hợp lệ", "Invalid filter"},
	"pp":                      {"điểm %", "pp"},
	"nav.quality":             {"Chất lượng số liệu", "Data quality"},
	"periods.heading":         {"So sánh các kỳ", "Compare periods"},
	"trends.heading":          {"Xu hướng", "Trends"},
	"completeness.heading":    {"Tình hình nộp báo cáo", "Reporting status"},
	"reports.heading":         {"Báo cáo đã nhận", "Reports received"},
	"commune.heading":         {"Hồ sơ xã", "Commune profile"},
	"col.code":                {"Mã", "Code"},
	"col.change":              {"Thay đổi", "Change"},
	"col.changebase":          {"So với kỳ đầu", "Change on the first period"},
	"col.note":                {"Ghi chú", "Note"},
	"col.era":                 {"Thời kỳ", "Era"},
	"col.version":             {"Phiên bản", "Version"},
	"col.status":              {"Trạng thái", "Status"},
	"col.source":              {"Nguồn", "Source"},
	"col.file":                {"Tệp", "File"},
	"col.sentby":              {"Người gửi", "Sent by"},
	"col.sentat":              {"Thời điểm gửi", "Sent at"},
	"col.values":              {"Số chỉ tiêu", "Values"},
	"col.warnings":            {"Cảnh báo", "Warnings"},
	"col.evidence":            {"Câu trích dẫn", "Evidence"},
	"col.method":              {"Cách lấy số", "Method"},
	"col.deadline":            {"Hạn nộp", "Deadline"},
	"col.flag":                {"Dấu hiệu", "Flag"},
	"col.reference":           {"Mốc so sánh", "Reference"},
	"col.score":               {"Điểm lệch", "Score"},
	"count.reported":          {"Đã báo cáo", "Reported"},
	"count.expected":          {"Phải báo cáo", "Expected"},
	"count.ontime":            {"Đúng hạn", "On time"},
	"count.late":              {"Nộp muộn", "Late"},
	"count.missing":           {"Chưa nộp", "Missing"},
	"count.pending":           {"Chờ duyệt", "Awaiting review"},
	"status.on_time":          {"Đúng hạn", "On time"},
	"status.late":             {"Nộp muộn", "Late"},
	"status.pending":          {"Chờ duyệt", "Awaiting review"},
	"status.missing":          {"Chưa nộp", "Missing"},
	"status.not_due":          {"Chưa đến hạn", "Not yet due"},
	"status.n/a":              {"", ""},
	"rstatus.draft":           {"Bản nháp", "Draft"},
	"rstatus.published":       {"Đã công bố", "Published"},
	"rstatus.superseded":      {"Đã thay thế", "Superseded"},
	"era.pre2025":             {"Trước 01/7/2025", "Before 1 July 2025"},
	"era.2025":                {"Từ 01/7/2025", "From 1 July 2025"},
	"era.new.short":           {"mới", "new"},
	"filter.periods":          {"Các kỳ", "Periods"},
	"filter.communes":         {"Các xã", "Communes"},
	"filter.commune":          {"Xã", "Commune"},
	"filter.all":              {"Toàn huyện", "Whole district"},
	"filter.allstatus":        {"Tất cả", "All"},
	"filter.era":              {"Thời kỳ", "Era"},
	"filter.hint":             {"Giữ Ctrl để chọn nhiều", "Hold Ctrl to choose several"},
	"export.label":            {"Tải số liệu", "Download data"},
	"export.area":             {"Địa bàn", "Area"},
	"export.unit":             {"Đơn vị tính", "Unit"},
	"export.date":             {"Ngày xuất", "Exported on"},
	"export.source":           {"Nguồn", "Source"},
	"reform.partial":          {"Xã cũ bị chia tách một phần (không cộng)", "Former communes split in part (not added)"},
	"reform.became":           {"Từ 01/7/2025 xã này thuộc", "From 1 July 2025 this commune is part of"},
	"reform.madeof":           {"Hình thành từ 01/7/2025 từ", "Formed on 1 July 2025 from"},
	"reform.samecode":         {"Cùng mã, thời kỳ khác", "Same code, other era"},
	"reform.whole":            {"toàn bộ", "whole"},
	"reform.part":             {"một phần", "in part"},
	"year.from.halves":        {"Cả năm tính từ các kỳ 6 tháng", "Year built from its half-years"},
	"year.incomplete":         {"thiếu một kỳ 6 tháng", "one half-year missing"},
	"overview.headlines":      {"Số liệu chính toàn huyện", "District headline figures"},
	"overview.vsprev":         {"so với kỳ trước", "on the previous period"},
	"overview.vsyear":         {"so với cùng kỳ", "on the same period last year"},
	"overview.flags":          {"Số liệu cần kiểm tra", "Figures to check"},
	"overview.noflags":        {"Không có số liệu bất thường.", "No unusual figures."},
	"flag.history_outlier":    {"Khác xa các kỳ trước của xã", "Far from the commune's own history"},
	"flag.peer_outlier":       {"Khác xa các xã khác", "Far from the other communes"},
	"flag.ratio_out_of_range": {"Tỷ lệ ngoài 0–100%", "Percentage outside 0–100"},
	"flag.part_exceeds_whole": {"Số “trong đó” lớn hơn tổng", "Part larger than its whole"},
	"commune.indicators":      {"Các chỉ tiêu qua các kỳ", "Indicators over time"},
	"commune.reports":         {"Báo cáo và phiên bản", "Reports and versions"},
	"commune.evidence":        {"Xem câu trích trong báo cáo", "See the sentence in the report"},
	"report.text":             {"Nội dung báo cáo", "Report text"},
	"report.notext":           {"Báo cáo này nhập dạng số liệu, không có văn bản.", "This report was sent as data, with no text."},
	"report.values":           {"Các chỉ tiêu trích được", "Values read"},
	"reports.none":            {"Không có báo cáo nào.", "No reports."},
	"error.commune":           {"Không có xã/phường này trong địa bàn", "No such commune in the area"},
	"error.report":            {"Không tìm thấy báo cáo", "Report not found"},
	"chart.svg":               {"Tải SVG", "Download SVG"},
	"legend.summed":           {"Vòng tròn rỗng: số cộng từ các xã cũ trước 01/7/2025", "Hollow dots: summed from the former communes before 1 July 2025"},
}

// T returns the UI string for key in lang.
func T(lang, key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}

// Lang picks the page language: ?lang=en|vi, else the bdg_lang cookie, else Vietnamese.
func Lang(c *gin.Context) string {
	l := c.Query("lang")
	if l == "" {
		l, _ = c.Cookie("bdg_lang")
	}
	if l == "en" {
		return "en"
	}
	return "vi"
}
