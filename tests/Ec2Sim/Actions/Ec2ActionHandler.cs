using System;
using System.Xml;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>Runs one EC2 action against the simulator and returns the writer of its response body (called only if it succeeded).</summary>
/// <exception cref="Ec2Exception">The call fails the way EC2 would fail it.</exception>
public delegate Action<XmlWriter> Ec2ActionHandler(Simulator simulator, QueryRequest request);
