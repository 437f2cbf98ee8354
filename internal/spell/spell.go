// Package spell finds the word a user probably meant: the "did you mean"
// of an unknown key, in the edition's settings and in the mail settings.
package spell

// Suggest returns ` (did you mean "x"?)` for the known word closest to
// got, or "" when none is close enough (two slips at most) to be a
// plausible typo.
func Suggest(got string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := Distance(got, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return ` (did you mean "` + best + `"?)`
}

// Distance is the optimal string alignment distance between a and b, in
// characters: edits, where swapping two neighbours counts as one, since
// "subtitel" is one slip, not two.
func Distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// Three rows suffice: the transposition looks back two rows.
	prev2, prev, cur := make([]int, len(t)+1), make([]int, len(t)+1), make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}
