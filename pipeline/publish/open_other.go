//go:build !unix

package publish

const openNoFollow = 0
