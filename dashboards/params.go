package dashboards

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bdg-district/bdg/analytics"
	"github.com/bdg-district/bdg/apperr"
	"github.com/bdg-district/bdg/period"
	"github.com/bdg-district/bdg/units"
)

// list reads a multi-valued query parameter, repeated (?p=a&p=b) or
// comma-separated (?p=a,b), each value once, in the order first given: a
// value repeated in a URL draws one line, not thousands. How many values a
// list may hold is the analytics' business (the area's communes, 40
// periods, the catalogue's indicators); the URL's length bounds the rest.
func list(c *gin.Context, name string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range c.QueryArray(name) {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// periodsParam reads ?periods=2024-H1,2024-H2; none means the default.
func periodsParam(c *gin.Context) ([]period.Period, error) {
	var out []period.Period
	for _, s := range list(c, "periods") {
		p, err := period.Parse(s)
		if err != nil {
			return nil, badPeriod("periods", s)
		}
		out = append(out, p)
	}
	return out, nil
}

func badPeriod(field, s string) error {
	return apperr.BadRequest("bad_filter", field, "Kỳ báo cáo không hợp lệ (ví dụ 2024-H1, 2024)", "Invalid period (e.g. 2024-H1, 2024)")
}

// eraParam reads ?era=pre2025|2025.
func eraParam(c *gin.Context) (period.Era, error) { return analytics.ParseEra(c.Query("era")) }

// communeCode checks a commune code's shape (five digits).
func communeCode(s string) error {
	if !units.ValidCommuneCode(s) {
		return apperr.BadRequest("bad_filter", "commune", "Mã xã phải gồm 5 chữ số", "A commune code has five digits")
	}
	return nil
}
