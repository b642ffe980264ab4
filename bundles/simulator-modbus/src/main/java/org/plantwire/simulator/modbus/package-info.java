/**
 * The simulated packaging line's legacy capper/labeller PLC: the machine model ({@link
 * org.plantwire.simulator.modbus.CapperLabeller}), its Modbus register map ({@link
 * org.plantwire.simulator.modbus.RegisterMap}) and a Modbus TCP server for it ({@link
 * org.plantwire.simulator.modbus.ModbusSimulatorServer}). Exported so that connector tests can run a real
 * Modbus peer on 127.0.0.1; in Karaf the bundle's DS component runs one from {@code
 * etc/org.plantwire.simulator.modbus.cfg}.
 */
@Version("0.1.0")
@Export
package org.plantwire.simulator.modbus;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
