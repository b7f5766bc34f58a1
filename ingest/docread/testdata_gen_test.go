package docread

import (
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/bdg-district/bdg/ingest/docread/docxtest"
	"golang.org/x/text/unicode/norm"
)

var update = flag.Bool("update", false, "rewrite the encoded test reports in testdata/reports from testdata/src")

// TestGenerateTestdata writes the encoded test reports from their UTF-8
// sources in testdata/src. It runs only with -update; the outputs are
// committed.
func TestGenerateTestdata(t *testing.T) {
	if !*update {
		t.Skip("only with -update")
	}
	src := func(name string) string {
		b, err := os.ReadFile(filepath.Join(testdata, "src", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(testdata, "reports", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("009_vu_son_2024_nfd.txt", []byte(norm.NFD.String(src("009_vu_son_2024_nfd.txt"))))
	write("010_dong_y_2024H1_utf16.txt", utf16LE(src("010_dong_y_2024H1_utf16.txt")))
	write("011_tan_lap_2023_tcvn3.txt", toTCVN3(src("011_tan_lap_2023_tcvn3.txt")))
	write("016_nhat_tien_2024H1_bom.txt", append([]byte{0xEF, 0xBB, 0xBF}, strings.ReplaceAll(src("016_nhat_tien_2024H1_bom.txt"), "\n", "\r\n")...))
	write("017_tan_thanh_2023H2_vni.txt", toVNI(src("017_tan_thanh_2023H2_vni.txt")))
	write("012_quynh_son_2024H2.docx", docxtest.Build(quynhSonDocx))
}

func utf16LE(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2+2*len(u))
	b[0], b[1] = 0xFF, 0xFE
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2+2*i:], c)
	}
	return b
}

// toVNI encodes Unicode text in VNI-Windows bytes (base letter followed by
// its mark byte), for test files.
func toVNI(s string) []byte {
	var out []byte
	for _, r := range norm.NFC.String(s) {
		for _, v := range vniRune(r) {
			if v > 0xFF {
				v = '?'
			}
			out = append(out, byte(v))
		}
	}
	return out
}

func vniRune(r rune) []rune {
	switch r {
	case 'đ':
		return []rune{'ñ'}
	case 'Đ':
		return []rune{'Ñ'}
	}
	d := []rune(norm.NFD.String(string(r)))
	if len(d) == 1 {
		return d
	}
	base, upper := unicode.ToLower(d[0]), unicode.IsUpper(d[0])
	shape, tone := 0, rune(0)
	for _, m := range d[1:] {
		switch m {
		case 0x302:
			shape = 1
		case 0x306:
			shape = 2
		case 0x31B:
			shape = 3
		default:
			tone = m
		}
	}
	up := func(rs []rune) []rune {
		if upper {
			for i := range rs {
				rs[i] = unicode.ToUpper(rs[i])
			}
		}
		return rs
	}
	if base == 'i' {
		return up([]rune{map[rune]rune{0x301: 'í', 0x300: 'ì', 0x309: 'æ', 0x303: 'ó', 0x323: 'ò'}[tone]})
	}
	plain := map[rune]rune{0x301: 'ù', 0x300: 'ø', 0x309: 'û', 0x303: 'õ', 0x323: 'ï'}
	if base == 'y' {
		plain[0x323] = 'î'
	}
	var res []rune
	switch shape {
	case 3:
		h := 'ô'
		if base == 'u' {
			h = 'ö'
		}
		res = []rune{h}
		if tone != 0 {
			res = append(res, plain[tone])
		}
	case 1:
		res = []rune{base, map[rune]rune{0: 'â', 0x301: 'á', 0x300: 'à', 0x309: 'å', 0x303: 'ã', 0x323: 'ä'}[tone]}
	case 2:
		res = []rune{base, map[rune]rune{0: 'ê', 0x301: 'é', 0x300: 'è', 0x309: 'ú', 0x303: 'ü', 0x323: 'ë'}[tone]}
	default:
		res = []rune{base, plain[tone]}
	}
	return up(res)
}

var quynhSonDocx = []docxtest.Block{
	{Rows: [][]string{
		{"ỦY BAN NHÂN DÂN\nXÃ QUỲNH SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"},
		{"Số: 150/BC-UBND", "Quỳnh Sơn, ngày 12 tháng 12 năm 2024"},
	}},
	{Text: "BÁO CÁO"},
	{Text: "Kết quả công tác bình đẳng giới và vì sự tiến bộ của phụ nữ 6 tháng cuối năm 2024"},
	{Text: "Thực hiện Công văn số 1420/UBND-VHXH ngày 25/11/2024 của UBND huyện Bắc Sơn, Ủy ban nhân dân xã Quỳnh Sơn báo cáo kết quả như sau:"},
	{Text: "I. KẾT QUẢ THỰC HIỆN"},
	{Text: "Kết quả cụ thể như bảng sau:"},
	{Rows: [][]string{
		{"TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả 6 tháng cuối năm 2024"},
		{"1", "Số cuộc tuyên truyền về bình đẳng giới", "Cuộc", "11"},
		{"2", "Số lượt người nghe", "Lượt người", "1.320"},
		{"3", "Số vụ bạo lực gia đình", "Vụ", "01"},
		{"4", "Số nạn nhân được hỗ trợ, tư vấn", "Người", "01"},
		{"5", "Số đội tham gia hội thi", "Đội", "03"},
		{"6", "Số người tham gia dự thi", "Người", "27"},
		{"7", "Tổng số cán bộ, công chức xã", "Người", "20"},
		{"8", "Trong đó: nữ", "Người", "07"},
		{"9", "Tỷ lệ nữ cán bộ, công chức xã", "%", "35"},
	}},
	{Text: "Ngoài ra, Hội Liên hiệp Phụ nữ xã duy trì 02 mô hình phòng, chống bạo lực gia đình."},
	{Text: "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025"},
	{Text: "Phấn đấu tổ chức 08 cuộc tuyên truyền."},
	{Rows: [][]string{
		{"Nơi nhận:\n- UBND huyện;\n- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nHoàng Văn Hải"},
	}},
}

// testdata is the repository's shared test corpus.
const testdata = "../../testdata"

// toTCVN3 encodes Unicode NFC text in TCVN3 bytes; letters TCVN3 cannot
// hold (upper case with tone marks) are written lower case. It builds test
// files; tests of the decoder use literal TCVN3 bytes instead, so that
// a wrong table cannot agree with itself.
func toTCVN3(s string) []byte {
	rev := make(map[rune]byte, len(tcvn3))
	for b, u := range tcvn3 {
		rev[u] = byte(b)
	}
	var out []byte
	for _, r := range s {
		switch {
		case r < 0x80:
			out = append(out, byte(r))
		case rev[r] != 0:
			out = append(out, rev[r])
		case rev[unicode.ToLower(r)] != 0:
			out = append(out, rev[unicode.ToLower(r)])
		default:
			out = append(out, '?')
		}
	}
	return out
}
