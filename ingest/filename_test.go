package ingest_test

import (
	"testing"

	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/ingest"
)

// TestSafeFileName: names as communes write them pass (Vietnamese, composed
// or decomposed, spaces, dots, dashes); paths, markup, formulas, controls and
// every invisible or direction-changing character are refused, so that the
// name an officer sees is the name stored.
func TestSafeFileName(t *testing.T) {
	for _, ok := range []string{
		"bao-cao.docx",
		"Báo cáo 6 tháng đầu năm 2024.docx",
		"Ba\u0301o ca\u0301o.txt", // NFD, as macOS writes names
		"BC_BĐG_xã Vạn Thủy (2024).docx",
		"bang so lieu 2024-H1.xlsx",
	} {
		if got, err := ingest.SafeFileName(ok); err != nil || got != ok {
			t.Errorf("SafeFileName(%q) = %q, %v; want it kept", ok, got, err)
		}
	}
	for _, bad := range []string{
		"",
		"../../etc/passwd",
		"a/b.docx",
		`a\b.docx`,
		"<script>.docx",
		"=HYPERLINK(1).csv",
		"a\x00.docx",
		"a\tb.docx",
		"a\x7f.docx",
		"a\u0085b.docx",            // NEL, a C1 control
		"report\u202Excod.docx",    // RIGHT-TO-LEFT OVERRIDE: shows as "reportdocx.exe"
		"report\u202Dx.docx",       // LEFT-TO-RIGHT OVERRIDE
		"report\u202Ax.docx",       // LEFT-TO-RIGHT EMBEDDING
		"report\u202Bx.docx",       // RIGHT-TO-LEFT EMBEDDING
		"report\u202Cx.docx",       // POP DIRECTIONAL FORMATTING
		"report\u2066x\u2069.docx", // LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE
		"report\u2067x.docx",       // RIGHT-TO-LEFT ISOLATE
		"report\u2068x.docx",       // FIRST STRONG ISOLATE
		"report\u200Ex.docx",       // LEFT-TO-RIGHT MARK
		"report\u200Fx.docx",       // RIGHT-TO-LEFT MARK
		"report\u061Cx.docx",       // ARABIC LETTER MARK
		"bao\u200Bcao.docx",        // ZERO WIDTH SPACE
		"bao\u200Ccao.docx",        // ZERO WIDTH NON-JOINER
		"bao\u200Dcao.docx",        // ZERO WIDTH JOINER
		"bao\u2060cao.docx",        // WORD JOINER
		"\uFEFFbao-cao.docx",       // BYTE ORDER MARK
		"bao\u00ADcao.docx",        // SOFT HYPHEN
		"bao\u034Fcao.docx",        // COMBINING GRAPHEME JOINER
		"bao\u115Fcao.docx",        // HANGUL CHOSEONG FILLER (invisible)
		"bao\u3164cao.docx",        // HANGUL FILLER (invisible)
		"bao\uFE0Fcao.docx",        // VARIATION SELECTOR-16
		"bao\U000E0041cao.docx",    // TAG LATIN CAPITAL LETTER A
		"bao\u2028cao.docx",        // LINE SEPARATOR
		"bao\u2029cao.docx",        // PARAGRAPH SEPARATOR
		"bao\u00A0cao.docx",        // NO-BREAK SPACE
		"bao\u3000cao.docx",        // IDEOGRAPHIC SPACE
		"bao\u2000cao.docx",        // EN QUAD
		"bao\uE000cao.docx",        // private use
		"bao\uFFFDcao.docx",        // REPLACEMENT CHARACTER (a name that was not UTF-8)
		"bao\uFFFEcao.docx",        // a noncharacter
		"bao\u180Ecao.docx",        // MONGOLIAN VOWEL SEPARATOR
		"bao-cao.docx\u200B",       // trailing invisible character
		"\u202Egpj.docx",           // leading override
		"bao-cao\xff.docx",         // not UTF-8
	} {
		_, err := ingest.SafeFileName(bad)
		if ae, ok := apperr.As(err); !ok || ae.Code != "file_name" || ae.HTTPStatus() != 400 {
			t.Errorf("SafeFileName(%+q) = %v; want the 400 file_name error", bad, err)
		}
	}
}
