// Package tagcheck checks the tagging of a PDF for the tests (#13): every
// painting operator inside exactly one tagged marked-content sequence (one
// with an MCID, or an /Artifact), every MCID owned by exactly one structure
// element and mapped back to it by the parent tree, every annotation with
// a structure parent, headings that skip no level, an /Alt on every
// Figure, a /Scope on every TH and no empty element. It reads the file
// with pdfcpu and the content streams with a small tokenizer of its own.
package tagcheck

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

// painting are the operators that put marks on the page (ISO 32000-1,
// tables 59, 107, 108, 113; EI ends an inline image).
var painting = map[string]bool{
	"Tj": true, "TJ": true, "'": true, `"`: true,
	"f": true, "F": true, "f*": true, "S": true, "s": true,
	"B": true, "B*": true, "b": true, "b*": true,
	"Do": true, "sh": true, "EI": true,
}

var mcidIn = regexp.MustCompile(`/MCID\s+(\d+)`)

// seq is an open marked-content sequence: tagged when it has an MCID or
// is an artifact.
type seq struct {
	tagged bool
}

// Content reads one page's content stream and returns the MCIDs of its
// sequences in order, and every problem: a painting operator inside no
// tagged sequence or inside more than one, an EMC with nothing open, a
// sequence never closed.
func Content(data []byte) (mcids []int, problems []string) {
	var stack []seq
	var operands [][]byte
	ops := 0
	for tok := range tokens(data) {
		if !isOperator(tok) {
			operands = append(operands, tok)
			continue
		}
		ops++
		op := string(tok)
		switch {
		case op == "BMC" || op == "BDC":
			s := seq{}
			if len(operands) > 0 {
				tag := operands[0]
				s.tagged = bytes.Equal(tag, []byte("/Artifact"))
				if op == "BDC" {
					if m := mcidIn.FindSubmatch(operands[len(operands)-1]); m != nil {
						n, _ := strconv.Atoi(string(m[1]))
						mcids = append(mcids, n)
						s.tagged = true
					}
				}
			}
			stack = append(stack, s)
		case op == "EMC":
			if len(stack) == 0 {
				problems = append(problems, fmt.Sprintf("operator %d: EMC with no sequence open", ops))
				break
			}
			stack = stack[:len(stack)-1]
		case painting[op]:
			n := 0
			for _, s := range stack {
				if s.tagged {
					n++
				}
			}
			if n != 1 {
				problems = append(problems, fmt.Sprintf("operator %d (%s): painted inside %d tagged sequences, want 1", ops, op, n))
			}
		}
		operands = operands[:0]
	}
	if len(stack) > 0 {
		problems = append(problems, fmt.Sprintf("%d marked-content sequences never closed", len(stack)))
	}
	return mcids, problems
}

func isOperator(tok []byte) bool {
	c := tok[0]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\'' || c == '"'
}

// tokens splits a content stream into its tokens; a string, a dictionary
// or an array is one token.
func tokens(data []byte) func(func([]byte) bool) {
	return func(yield func([]byte) bool) {
		i := 0
		for i < len(data) {
			c := data[i]
			switch {
			case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0:
				i++
				continue
			case c == '%':
				for i < len(data) && data[i] != '\n' && data[i] != '\r' {
					i++
				}
				continue
			}
			end := tokenEnd(data, i)
			if !yield(data[i:end]) {
				return
			}
			i = end
		}
	}
}

// tokenEnd is the index after the token that starts at data[i].
func tokenEnd(data []byte, i int) int {
	switch c := data[i]; {
	case c == '(':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '\\':
				j++
			case '(':
				depth++
			case ')':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(data)
	case c == '<' && i+1 < len(data) && data[i+1] == '<', c == '[':
		open, close := byte('['), byte(']')
		if c == '<' {
			open, close = '<', '>'
		}
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '(':
				j = tokenEnd(data, j) - 1
			case open:
				depth++
			case close:
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(data)
	case c == '<':
		if k := bytes.IndexByte(data[i:], '>'); k >= 0 {
			return i + k + 1
		}
		return len(data)
	}
	j := i + 1
	for j < len(data) && !bytes.ContainsRune([]byte(" \n\r\t\f\x00()<>[]{}/%"), rune(data[j])) {
		j++
	}
	return j
}
