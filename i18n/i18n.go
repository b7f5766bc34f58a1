// Package i18n holds what every page package shares about languages:
// Vietnamese first, English on request, and bilingual message tables.
package i18n

import (
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
)

// Messages maps a key to its {Vietnamese, English} text.
type Messages map[string][2]string

// T returns the text of key in lang ("en", else Vietnamese); an unknown key
// is shown as itself so that a missing string is visible, not blank.
func (m Messages) T(lang, key string) string {
	s, ok := m[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return s[1]
	}
	return s[0]
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

// SwitchURL is the current page in the other language: the same path and
// filters, only lang flipped.
func SwitchURL(c *gin.Context, lang string) string {
	q := c.Request.URL.Query()
	if lang == "en" {
		q.Set("lang", "vi")
	} else {
		q.Set("lang", "en")
	}
	return (&url.URL{Path: c.Request.URL.Path, RawQuery: q.Encode()}).String()
}

// WithLang adds lang=en to a path for English pages.
func WithLang(path, lang string) string {
	if lang != "en" {
		return path
	}
	if strings.Contains(path, "?") {
		return path + "&lang=en"
	}
	return path + "?lang=en"
}

// Pick returns vi or en by lang.
func Pick(lang, vi, en string) string {
	if lang == "en" {
		return en
	}
	return vi
}

// LangQuery is the query string that keeps a link in lang ("" for Vietnamese).
func LangQuery(lang string) string {
	if lang == "en" {
		return "?lang=en"
	}
	return ""
}

// Bilingual shows a message written "tiếng Việt / English" (extraction
// and validation warnings are stored so, for either reader) in lang only.
// A message without the separator is shown as it is.
func Bilingual(s, lang string) string {
	vi, en, ok := strings.Cut(s, " / ")
	if !ok {
		return s
	}
	return Pick(lang, vi, en)
}
