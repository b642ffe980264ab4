package org.plantwire.simulator.modbus.internal;

import java.nio.ByteBuffer;
import java.util.Set;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.MbapHeader;
import com.digitalpetri.modbus.ModbusTcpFrame;
import com.digitalpetri.modbus.server.ModbusRequestContext.ModbusTcpRequestContext;
import com.digitalpetri.modbus.server.ModbusServerConfig;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.server.ModbusTcpServerTransport;

/**
 * The library's server closes the connection on a function code it cannot decode (device identification, file
 * records, ...); a PLC answers exception 1 (illegal function) and keeps the connection. So does this one.
 */
public final class StrictModbusTcpServer extends ModbusTcpServer {

    /** What the library decodes: 1-6, 15, 16, 22, 23 (the services answer 22 and 23 with exception 1 too). */
    private static final Set<Integer> DECODED = Set.of(1, 2, 3, 4, 5, 6, 15, 16, 22, 23);

    public StrictModbusTcpServer(ModbusTcpServerTransport transport, ModbusServices services) {
        super(ModbusServerConfig.create(config -> { }), transport, services);
    }

    @Override
    protected ModbusTcpFrame handleModbusTcpFrame(ModbusTcpFrame frame, ModbusTcpRequestContext context) throws Exception {
        ByteBuffer pdu = frame.pdu();
        int functionCode = pdu.get(pdu.position()) & 0xFF;
        if (DECODED.contains(functionCode)) {
            return super.handleModbusTcpFrame(frame, context);
        }
        ByteBuffer exception = ByteBuffer.allocate(2)
                .put((byte) (functionCode | 0x80))
                .put((byte) ExceptionCode.ILLEGAL_FUNCTION.getCode())
                .flip();
        MbapHeader request = frame.header();
        return new ModbusTcpFrame(new MbapHeader(request.transactionId(), 0, 3, request.unitId()), exception);
    }
}
