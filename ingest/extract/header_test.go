package extract

import "testing"

// Real commune names of the unit lists that a naive "capitalised words" run
// cuts short; each was refused as an unknown commune before.
func TestPlaceNameKeepsWholeNames(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"UBND phường Văn Miếu - Quốc Tử Giám, quận Đống Đa", "Văn Miếu - Quốc Tử Giám"},
		{"PHƯỜNG PHƯƠNG LIÊN - TRUNG TỰ\nSố: 1", "Phương Liên - Trung Tự"},
		{"UBND phường Mỹ Đình 1, quận Nam Từ Liêm", "Mỹ Đình 1"},
		{"UBND phường Nguyễn Thị Minh Khai, thành phố Bắc Kạn", "Nguyễn Thị Minh Khai"},
		{"UBND XÃ TỨ QUẬN\nBÁO CÁO", "Tứ Quận"},
		{"UBND xã Báo Đáp, huyện Trấn Yên", "Báo Đáp"},
		{"ỦY BAN NHÂN DÂN\nXÃ ĐỘC LẬP\nSố: 515", "Độc Lập"},
		{"THỊ TRẤN N.T PHONG HẢI\nSố: 903", "N.T Phong Hải"},
		{"UBND xã Ea H'leo, huyện Ea H'leo", "Ea H'leo"},
		{"XÃ ĐẮK R'TÍH\nSố: 1", "Đắk R'tíh"},
		{"UBND xã K' Dang, huyện Đak Đoa", "K' Dang"},
		{"UBND thị trấn M’Đrắk báo cáo", "M’Đrắk"},
		{"UBND xã Cộng Hòa, huyện Nam Sách", "Cộng Hòa"},
		{"UBND phường Phường Đúc, thành phố Huế", "Phường Đúc"},
		{"xã 'Vạn Thủy' được", ""},
		{"UBND xã Vạn Thủy' được khen", "Vạn Thủy"},
		// Header words still end a name run together with the next field.
		{"UBND XÃ VẠN THỦY HUYỆN BẮC SƠN", "Vạn Thủy"},
		{"UBND XÃ VẠN THỦY CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Vạn Thủy"},
		{"UBND XÃ CỘNG HÒA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng Hòa"},
		{"XÃ VẠN THỦY BÁO CÁO", "Vạn Thủy"},
		{"xã Vạn Thủy - huyện Bắc Sơn", "Vạn Thủy"},
		{"phường 3, quận 5", "3"},
		{"xã 22 người", ""},
	} {
		text := c.text
		// Start after the unit word, as findPlaces does.
		for _, w := range []string{"phường ", "PHƯỜNG ", "XÃ ", "xã ", "THỊ TRẤN ", "thị trấn "} {
			if i := indexAfter(text, w); i >= 0 {
				text = text[i:]
				break
			}
		}
		if got := placeName(text, 0); got != c.want {
			t.Errorf("placeName(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func indexAfter(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i + len(sub)
		}
	}
	return -1
}
