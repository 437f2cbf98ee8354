//go:build !linux

package publish

// exchange cannot swap two folders in one step outside Linux; swap then
// uses two renames.
func exchange(a, b string) (bool, error) { return false, nil }
