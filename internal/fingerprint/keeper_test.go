package fingerprint

import "testing"

func TestKeeper(t *testing.T) {
	var k Keeper[string]
	a, b := Of("a"), Of("b")
	k.Put(a, "off")
	if _, ok := k.Get(a); ok || k.IsOn() {
		t.Fatal("a Keeper that is off kept a value")
	}
	k.On()
	k.Put(a, "A")
	k.Put(b, "B")
	for range Keep {
		k.Rebuilt()
		if v, ok := k.Get(a); !ok || v != "A" {
			t.Fatalf("a used value was let go: %q %v", v, ok)
		}
	}
	k.Rebuilt()
	if _, ok := k.Get(b); ok {
		t.Errorf("a value unused for %d rebuilds was kept", Keep+1)
	}
	if _, ok := k.Get(a); !ok {
		t.Errorf("a value used in every rebuild was let go")
	}
}
