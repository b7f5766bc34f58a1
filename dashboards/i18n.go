package dashboards

import "github.com/gin-gonic/gin"

// messages are the UI strings; Vietnamese is the default language.
var messages = map[string][2]string{ // key → {vi, en}
	"app.title":        {"Theo dõi bình đẳng giới cấp xã", "Commune gender-equality monitoring"},
	"nav.overview":     {"Tổng quan", "Overview"},
	"nav.compare":      {"So sánh xã", "Compare communes"},
	"nav.periods":      {"So sánh kỳ", "Compare periods"},
	"nav.trends":       {"Xu hướng", "Trends"},
	"nav.completeness": {"Tình hình nộp báo cáo", "Reporting status"},
	"nav.reports":      {"Báo cáo", "Reports"},
	"lang.switch":      {"English", "Tiếng Việt"},
	"overview.heading": {"Tổng quan", "Overview"},
	"overview.latest":  {"Kỳ gần nhất", "Latest period"},
	"overview.none":    {"Chưa có báo cáo nào được công bố.", "No report has been published yet."},
	"compare.heading":  {"So sánh các xã", "Compare communes"},
	"col.rank":         {"Hạng", "Rank"},
	"col.commune":      {"Xã/phường", "Commune"},
	"col.value":        {"Giá trị", "Value"},
	"col.share":        {"Tỷ trọng", "Share"},
	"col.prev":         {"Kỳ trước", "Previous period"},
	"col.year":         {"Cùng kỳ năm trước", "Same period last year"},
	"district":         {"Toàn huyện", "District"},
	"average":          {"Bình quân", "Average"},
	"reported":         {"Đã báo cáo", "Reported"},
	"no.data":          {"không có số liệu", "no data"},
	"source":           {"Nguồn: báo cáo của UBND các xã, tổng hợp bằng bdg", "Source: commune People's Committee reports, compiled by bdg"},
	"filter.period":    {"Kỳ báo cáo", "Period"},
	"filter.indicator": {"Chỉ tiêu", "Indicator"},
	"filter.show":      {"Xem", "Show"},
	"error.heading":    {"Không hiển thị được trang", "The page could not be shown"},
	"error.db":         {"Không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau ít phút.", "The database cannot be reached. Please try again in a few minutes."},
	"reform.note":      {"Số liệu trước 01/7/2025: cộng từ các xã cũ đã sáp nhập", "Before 1 July 2025: summed from the merged former communes"},
	"error.notfound":   {"Không tìm thấy trang", "Page not found"},
	"error.bad":        {"Bộ lọc không hợp lệ", "Invalid filter"},
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
