package summary

import (
	"github.com/bdg-district/bdg/i18n"
	"github.com/bdg-district/bdg/web"
)

// messages are the report's and the page's strings; Vietnamese is the
// default language.
var messages = i18n.Messages{
	"motto.country":     {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"},
	"motto.words":       {"Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"},
	"doc.number":        {"Số: …/BC-%s", "No.: …/BC-%s"},
	"doc.date":          {"%s, ngày … tháng … năm …", "%s, … … 20…"},
	"doc.kind":          {"BÁO CÁO", "REPORT"},
	"doc.subject":       {"Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ %s", "Results of the work on gender equality and the advancement of women, %s"},
	"doc.intro":         {"Tổng hợp từ báo cáo đã được công bố của UBND các xã trên địa bàn %s, kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ %s như sau:", "Compiled from the published reports of the commune People's Committees of %s, the results of the work on gender equality and the advancement of women, %s, are as follows:"},
	"part.reporting":    {"I. TÌNH HÌNH BÁO CÁO CỦA CÁC XÃ", "I. REPORTING BY THE COMMUNES"},
	"part.results":      {"II. KẾT QUẢ THỰC HIỆN", "II. RESULTS"},
	"part.notes":        {"III. GHI CHÚ VỀ SỐ LIỆU", "III. NOTES ON THE FIGURES"},
	"closing":           {"Trên đây là báo cáo kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ %s của %s./.", "This concludes the report of %s on gender equality and the advancement of women, %s."},
	"recipients":        {"Nơi nhận:", "Recipients:"},
	"sign.note":         {"(Ký, ghi rõ họ tên, đóng dấu)", "(Signature, full name and seal)"},
	"appendix":          {"PHỤ LỤC", "APPENDIX"},
	"appendix.title":    {"Số liệu các chỉ tiêu theo xã, %s", "Every indicator by commune, %s"},
	"appendix.attached": {"(Kèm theo Báo cáo số …/BC-%s ngày … tháng … năm … của %s)", "(Attached to report No. …/BC-%s of %s)"},
	"appendix.key":      {"Các cột số liệu:", "Columns:"},
	"group.comm":        {"Công tác truyền thông, phổ biến, giáo dục pháp luật về bình đẳng giới", "Communication and legal education on gender equality"},
	"group.gbv":         {"Công tác phòng ngừa, ứng phó với bạo lực trên cơ sở giới", "Preventing and responding to gender-based violence"},
	"group.staff":       {"Đội ngũ cán bộ làm công tác bình đẳng giới; nữ cán bộ, công chức xã", "Gender-equality staff; women among commune cadres"},
	"group.training":    {"Công tác tập huấn, bồi dưỡng nâng cao năng lực", "Training and capacity building"},
	"group.models":      {"Mô hình, địa chỉ tin cậy, nhà tạm lãnh", "Community models, safe addresses and shelters"},
	"group.directives":  {"Công tác chỉ đạo, ban hành văn bản", "Plans and decisions issued"},
	"table.area":        {"Bảng %d. Số liệu %s", "Table %d. Figures for %s"}, // toàn huyện; the district
	"table.communes":    {"Bảng %d. Số liệu theo xã", "Table %d. Figures by commune"},
	"figure":            {"Hình %d. %s", "Figure %d. %s"},
	"col.no":            {"STT", "No."},
	"col.commune":       {"Xã, phường, thị trấn", "Commune"},
	"col.indicator":     {"Chỉ tiêu", "Indicator"},
	"col.unit":          {"Đơn vị tính", "Unit"},
	"col.change":        {"Thay đổi", "Change"},
	"pp":                {"điểm %", "pp"},
	"chart.top":         {"%d/%d xã có số liệu cao nhất", "the %d highest of %d communes"},
	"chart.average":     {"Bình quân một xã", "Average per commune"},
	"chart.area":        {"Toàn địa bàn", "Whole area"},
	"total.district":    {"Toàn huyện", "District"},
	"total.province":    {"Toàn tỉnh", "Province"},
	"page.title":        {"Báo cáo tổng hợp", "Summary report"},
	"page.lead":         {"Báo cáo của cơ quan gửi cấp trên, soạn sẵn bằng Word theo thể thức văn bản hành chính, từ số liệu đã công bố: tình hình báo cáo của các xã, kết quả theo từng nhóm chỉ tiêu (kèm bảng theo xã và biểu đồ), ghi chú về số liệu và phụ lục tất cả chỉ tiêu theo xã. Số văn bản, ngày tháng và chữ ký để trống cho cơ quan điền.", "The office's report to the level above, drafted as a Word document in the official form from the published figures: reporting by the communes, results by indicator group (with tables by commune and charts), notes on the figures and an appendix of every indicator by commune. The number, date and signature are left blank for the office."},
	"page.area":         {"Địa bàn", "Area"},
	"page.onearea":      {"bdg đang theo dõi một địa bàn này.", "bdg monitors this one area."},
	"page.period":       {"Kỳ báo cáo", "Period"},
	"page.partyear":     {"chưa đủ kỳ", "part year"},
	"page.show":         {"Xem", "Show"},
	"page.download.vi":  {"Tải báo cáo (.docx, tiếng Việt)", "Download the report (.docx, Vietnamese)"},
	"page.download.en":  {"Tải bản tiếng Anh (.docx)", "Download in English (.docx)"},
	"page.preview":      {"Nội dung chính", "What it says"},
	"page.none":         {"Chưa có báo cáo nào được công bố.", "No report has been published yet."},
	"page.cli":          {"Từ dòng lệnh:", "From the command line:"},
	"busy":              {"Đang soạn nhiều báo cáo cùng lúc, vui lòng thử lại sau ít giây", "Several reports are being written at once, please try again in a few seconds"},
}

// msg returns the report's string for key in lang.
func msg(lang, key string) string { return messages.T(lang, key) }

// sourceLine is the pages' source line ("Nguồn: …"), shared with every
// chart bdg draws.
func sourceLine(lang string) string { return web.T(lang, "source") }
