package docread

import (
	"bytes"
	"encoding/binary"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bdg-district/bdg/apperr"
	"golang.org/x/text/unicode/norm"
)

// ReadInfo describes how a document was read.
type ReadInfo struct {
	Format   string   `json:"format"`   // "docx" or "txt"
	Encoding string   `json:"encoding"` // utf-8, utf-8-bom, utf-16le, utf-16be, tcvn3, vni
	NFD      bool     `json:"nfd"`      // the text was decomposed and has been composed to NFC
	Warnings []string `json:"warnings"`
}

// MaxFileSize is the largest upload Read accepts.
const MaxFileSize = 30 << 20

// Read turns an uploaded report into normalised text: NFC, "\n" line
// ends, legacy TCVN3/VNI converted. It chooses the reader by magic bytes and
// extension; PDF and unknown types are refused with a bilingual *apperr.Error.
func Read(name string, data []byte) (string, ReadInfo, error) {
	info := ReadInfo{Warnings: []string{}}
	ext := strings.ToLower(filepath.Ext(name))
	if len(data) > MaxFileSize {
		return "", info, fileError(CodeTooLarge, "Tệp quá lớn (tối đa 30 MB)", "the file is too large (at most 30 MB)")
	}
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")) || ext == ".pdf":
		return "", info, fileError(CodePDF, "PDF chưa được hỗ trợ, vui lòng tải lên tệp .docx hoặc .txt",
			"PDF is not supported, please upload .docx or .txt")
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) || ext == ".doc":
		return "", info, fileError(CodeUnknownType, "Tệp Word cũ (.doc) chưa được hỗ trợ, vui lòng lưu lại thành .docx",
			"old Word files (.doc) are not supported, please save as .docx")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")) || ext == ".docx":
		info.Format = "docx"
		info.Encoding = "utf-8"
		text, err := readDocx(data)
		if err != nil {
			return "", info, err
		}
		return finish(text, &info)
	case ext == ".txt" || ext == ".text" || ext == "" || looksText(data):
		info.Format = "txt"
		text, err := decodeText(data, &info)
		if err != nil {
			return "", info, err
		}
		return finish(text, &info)
	}
	return "", info, fileError(CodeUnknownType,
		"Loại tệp "+quoteExt(ext)+" không được hỗ trợ, vui lòng tải lên tệp .docx hoặc .txt",
		"file type "+quoteExt(ext)+" is not supported, please upload .docx or .txt")
}

func quoteExt(ext string) string {
	if ext == "" {
		return "(không rõ)"
	}
	return `"` + ext + `"`
}

// looksText reports whether data is plausibly plain text (no NUL bytes
// outside a UTF-16 BOM file).
func looksText(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return true
	}
	n := min(len(data), 4096)
	return bytes.IndexByte(data[:n], 0) < 0
}

// decodeText decodes UTF-8 (with or without BOM), UTF-16 with BOM, and
// legacy 8-bit TCVN3/VNI files.
func decodeText(data []byte, info *ReadInfo) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		info.Encoding = "utf-8-bom"
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		info.Encoding = "utf-16le"
		return decodeUTF16(data[2:], binary.LittleEndian), nil
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		info.Encoding = "utf-16be"
		return decodeUTF16(data[2:], binary.BigEndian), nil
	default:
		info.Encoding = "utf-8"
		if order, ok := utf16NoBOM(data); ok {
			info.Encoding = "utf-16le"
			if order == binary.BigEndian {
				info.Encoding = "utf-16be"
			}
			info.Warnings = append(info.Warnings, "Tệp UTF-16 không có BOM, đã đoán thứ tự byte / UTF-16 file without a byte order mark, byte order guessed")
			return decodeUTF16(data, order), nil
		}
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	// Not UTF-8: an 8-bit legacy Vietnamese file is the only other text we
	// read. Broken UTF-8 (mostly valid multi-byte letters) is not legacy.
	off, bad, multi := -1, 0, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			bad++
			if off < 0 {
				off = i
			}
		case size > 1:
			multi++
		}
		i += size
	}
	if multi < bad {
		s := latin1(data)
		if kind := legacyKind(s); kind != "" {
			return s, nil
		}
	}
	return "", &apperr.Error{Status: http.StatusUnprocessableEntity, Code: CodeInvalidUTF8, Field: "file",
		MessageVI: "Tệp văn bản không phải UTF-8 hợp lệ (lỗi ở byte " + strconv.Itoa(off) + "), vui lòng lưu lại với mã hóa UTF-8",
		MessageEN: "the text file is not valid UTF-8 (bad byte at offset " + strconv.Itoa(off) + "), please save it as UTF-8"}
}

// utf16NoBOM recognises UTF-16 text without a byte order mark by its NUL
// bytes: in Vietnamese or ASCII text every other byte is mostly zero.
func utf16NoBOM(data []byte) (binary.ByteOrder, bool) {
	n := min(len(data), 4096) &^ 1
	if n < 4 {
		return nil, false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*10 >= half*3 && even*10 < half:
		return binary.LittleEndian, true
	case even*10 >= half*3 && odd*10 < half:
		return binary.BigEndian, true
	}
	return nil, false
}

func decodeUTF16(b []byte, order binary.ByteOrder) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, order.Uint16(b[i:]))
	}
	return string(utf16.Decode(u))
}

// finish normalises decoded text: legacy encodings, NFC, line ends, NULs.
func finish(text string, info *ReadInfo) (string, ReadInfo, error) {
	kind := legacyKind(text)
	switch kind {
	case "tcvn3":
		text = fromTCVN3(text)
		info.Encoding = "tcvn3"
		info.Warnings = append(info.Warnings, "Văn bản dùng mã TCVN3 (ABC) cũ, đã chuyển sang Unicode; vui lòng kiểm tra lại / legacy TCVN3 (ABC) encoding converted to Unicode; please check")
	case "vni":
		text = fromVNI(text)
		info.Encoding = "vni"
		info.Warnings = append(info.Warnings, "Văn bản dùng mã VNI cũ, đã chuyển sang Unicode; vui lòng kiểm tra lại / legacy VNI encoding converted to Unicode; please check")
	}
	if !norm.NFC.IsNormalString(text) {
		info.NFD = kind == "" // VNI conversion composes by itself
		text = norm.NFC.String(text)
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.ReplaceAll(text, "\x00", "")
	text = strings.ToValidUTF8(text, "\uFFFD")
	if strings.TrimSpace(text) == "" {
		return "", *info, fileError(CodeEmpty, "Tệp không có nội dung văn bản", "the file has no text")
	}
	if len(text) > MaxText {
		return "", *info, TextTooLong(len(text), MaxText)
	}
	return text, *info, nil
}
