package comm_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/dl-course/hw2/hwkit/comm"
)

func ExampleTrafficTable() {
	c := comm.Cluster{N: 4, P: 12, Alpha: 1e-6, Beta: comm.Gbps(10)}
	var rs []*comm.SimResult
	for _, a := range comm.Homework() {
		r, err := comm.Simulate(c, a, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			fmt.Println(err)
			return
		}
		rs = append(rs, r)
	}
	fmt.Print(comm.TrafficTable(rs...))
	// Output:
	// Traffic per all-reduce, measured by simulation: n = 4 workers, p = 12 elements of 4 B
	//                            all-to-all  parameter server  ring all-reduce
	// -----------------------  ------------  ----------------  ---------------
	// messages                           12                 8               24
	// bytes in all                      576               384              288
	// sent per worker (B)               144                48               72
	// received per worker (B)           144                48               72
	// server in / out (B)                 —         192 / 192                —
	// busiest port (B)                  144               192               72
	// busiest port: whose      every worker            server     every worker
	// busiest link (B)                   48                48               72
	// busiest links: how many      12 of 12            8 of 8           4 of 4
	// A port is one node's connection to the switch, counted in its busier direction; a link is one direction between two nodes. The parameter server's server is a node besides the n workers.
}
