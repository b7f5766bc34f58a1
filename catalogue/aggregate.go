package catalogue

// Figures are one unit's values for one period, by indicator code. A code
// that is absent was not stated, which is different from a stated zero.
type Figures map[string]float64

// Value returns one unit's own value of ind: a stated value as stated, and a
// ratio that was not stated recomputed from its parts.
func (c *Catalogue) Value(ind Indicator, f Figures) (float64, bool) {
	if v, ok := f[ind.Code]; ok {
		return v, true
	}
	if ind.IsRatio() {
		return ratio(f[ind.Numerator], f[ind.Denominator], hasBoth(f, ind))
	}
	return 0, false
}

// OverCommunes combines several communes' figures of one period into the
// district figure: counts and stocks sum; a ratio is 100 × Σnumerator ÷
// Σdenominator over the communes that state both parts, never the mean of the
// communes' ratios.
func (c *Catalogue) OverCommunes(ind Indicator, communes []Figures) (float64, bool) {
	if ind.IsRatio() {
		var num, den float64
		any := false
		for _, f := range communes {
			if hasBoth(f, ind) {
				num += f[ind.Numerator]
				den += f[ind.Denominator]
				any = true
			}
		}
		return ratio(num, den, any)
	}
	var sum float64
	any := false
	for _, f := range communes {
		if v, ok := f[ind.Code]; ok {
			sum += v
			any = true
		}
	}
	return sum, any
}

// OverPeriods combines one unit's figures over consecutive periods, given
// oldest first: flows (sessions, incidents) sum; stocks (staff) take the
// latest stated value; a ratio is recomputed from the latest parts.
func (c *Catalogue) OverPeriods(ind Indicator, periods []Figures) (float64, bool) {
	if ind.IsRatio() {
		num, okN := latest(periods, ind.Numerator)
		den, okD := latest(periods, ind.Denominator)
		if okN && okD {
			return ratio(num, den, true)
		}
		return latest(periods, ind.Code)
	}
	if ind.OverPeriods == Latest {
		return latest(periods, ind.Code)
	}
	var sum float64
	any := false
	for _, f := range periods {
		if v, ok := f[ind.Code]; ok {
			sum += v
			any = true
		}
	}
	return sum, any
}

func latest(periods []Figures, code string) (float64, bool) {
	for i := len(periods) - 1; i >= 0; i-- {
		if v, ok := periods[i][code]; ok {
			return v, true
		}
	}
	return 0, false
}

func hasBoth(f Figures, ind Indicator) bool {
	_, n := f[ind.Numerator]
	_, d := f[ind.Denominator]
	return n && d
}

// ratio is 100 × num ÷ den; a zero denominator has no ratio.
func ratio(num, den float64, ok bool) (float64, bool) {
	if !ok || den == 0 {
		return 0, false
	}
	return 100 * num / den, true
}
