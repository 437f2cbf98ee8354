package tagcheck

import (
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// parentTree reads the parent tree's number tree into a map.
func (c *checker) parentTree() (map[int]types.Object, error) {
	cat, err := c.x.Catalog()
	if err != nil {
		return nil, err
	}
	str, _ := c.x.DereferenceDict(cat["StructTreeRoot"])
	nums := map[int]types.Object{}
	var walk func(o types.Object, depth int)
	walk = func(o types.Object, depth int) {
		d, err := c.x.DereferenceDict(o)
		if err != nil || d == nil || depth > 32 {
			c.fail("the parent tree has a node that is not a dictionary")
			return
		}
		if a, _ := c.x.DereferenceArray(d["Nums"]); a != nil {
			for i := 0; i+1 < len(a); i += 2 {
				if k, ok := a[i].(types.Integer); ok {
					nums[int(k)] = a[i+1]
				}
			}
		}
		if a, _ := c.x.DereferenceArray(d["Kids"]); a != nil {
			for _, k := range a {
				walk(k, depth+1)
			}
		}
	}
	if str == nil || str["ParentTree"] == nil {
		c.fail("the structure tree has no /ParentTree")
		return nums, nil
	}
	walk(str["ParentTree"], 0)
	return nums, nil
}

// page checks page p's content against the tree and the parent tree, and
// its annotations.
func (c *checker) page(p int, nums map[int]types.Object) {
	d, ref, _, err := c.x.PageDict(p, false)
	if err != nil || d == nil || ref == nil {
		c.fail("page %d: %v", p, err)
		return
	}
	obj := ref.ObjectNumber.Value()
	c.pageIndex[obj] = p - 1
	content, err := c.x.PageContent(d, p)
	if err != nil {
		c.fail("page %d: content: %v", p, err)
		return
	}
	mcids, problems := Content(content)
	for _, pr := range problems {
		c.fail("page %d: %s", p, pr)
	}
	var parents types.Array
	if k := d.IntEntry("StructParents"); k == nil {
		if len(mcids) > 0 {
			c.fail("page %d: MCIDs but no /StructParents", p)
		}
	} else {
		parents, _ = c.x.DereferenceArray(nums[*k])
	}
	for _, m := range mcids {
		owner, ok := c.owner[[2]int{obj, m}]
		if !ok {
			c.fail("page %d: MCID %d belongs to no structure element", p, m)
			continue
		}
		delete(c.owner, [2]int{obj, m})
		if m >= len(parents) {
			c.fail("page %d: the parent tree does not map MCID %d", p, m)
			continue
		}
		if r, ok := parents[m].(types.IndirectRef); !ok || r.ObjectNumber.Value() != owner {
			c.fail("page %d: the parent tree maps MCID %d to %v, not to its element %d", p, m, parents[m], owner)
		}
	}
	annots, _ := c.x.DereferenceArray(d["Annots"])
	if len(annots) > 0 {
		if t := d.NameEntry("Tabs"); t == nil || *t != "S" {
			c.fail("page %d: annotations but no /Tabs /S", p)
		}
	}
	for _, a := range annots {
		r, ok := a.(types.IndirectRef)
		if !ok {
			c.fail("page %d: an annotation that is not an object of its own", p)
			continue
		}
		ad, _ := c.x.DereferenceDict(r)
		k := ad.IntEntry("StructParent")
		if k == nil {
			c.fail("page %d: annotation %d has no /StructParent", p, r.ObjectNumber.Value())
			continue
		}
		pr, ok := nums[*k].(types.IndirectRef)
		if owner := c.annots[r.ObjectNumber.Value()]; !ok || owner == 0 || pr.ObjectNumber.Value() != owner {
			c.fail("page %d: annotation %d: the parent tree maps it to %v, its OBJR is in element %d", p, r.ObjectNumber.Value(), nums[*k], owner)
		}
	}
}
