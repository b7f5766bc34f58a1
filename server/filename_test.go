package server_test

import (
	"strings"
	"testing"

	"github.com/bdg-district/bdg/chtest"
	"github.com/bdg-district/bdg/demo"
)

// TestUploadNamesWithInvisibleCharactersRefused: a file whose name holds a
// right-to-left override (shown as "…cod.docx" turned around) or another
// invisible character is refused on every upload route, as a path or markup
// in the name is.
func TestUploadNamesWithInvisibleCharactersRefused(t *testing.T) {
	app := newFullAppOn(t, chtest.New(t), false)
	for _, name := range []string{"bao-cao\u202Excod.docx", "bao\u200Bcao.txt", "\u2066bao-cao.txt"} {
		body, ct := multipartBody(t, map[string]string{"commune": "06331", "period": "2024-H1"}, name, demo.SeedReport())
		for _, path := range []string{"/api/v1/reports", "/review/upload", "/api/v1/imports", "/review/import"} {
			rec := app.do(t, call{method: "POST", path: path, body: body, contentType: ct, role: "officer"})
			if rec.Code != 400 || !strings.Contains(rec.Body.String(), "file_name") && !strings.Contains(rec.Body.String(), "Tên tệp không hợp lệ") {
				t.Errorf("%s with the file name %+q = %d %.200s, want 400 file_name", path, name, rec.Code, rec.Body)
			}
		}
	}
}
