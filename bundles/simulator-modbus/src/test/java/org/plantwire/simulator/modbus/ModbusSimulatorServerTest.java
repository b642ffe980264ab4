package org.plantwire.simulator.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusException;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.pdu.MaskWriteRegisterRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleCoilsRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;

/** The simulator against a real Modbus TCP client (digitalpetri modbus-tcp) over 127.0.0.1. */
class ModbusSimulatorServerTest {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int UNIT = 1;

    private final CapperLabeller machine = new CapperLabeller(new Random(7));
    private ModbusSimulatorServer server;
    private ModbusTcpClient client;

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < 50; i++) {
            machine.tick(100);
        }
        server = new ModbusSimulatorServer(machine, LOOPBACK, freePort(), UNIT, WordOrder.ABCD);
        server.start();
        client = connect(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        client.disconnect();
        server.stop();
    }

    @Test
    void servesEveryTableAsTheRegisterMapSays() throws Exception {
        CapperLabeller.Snapshot expected = machine.snapshot();

        ByteBuffer setpoints = ByteBuffer.wrap(client.readHoldingRegisters(UNIT, new ReadHoldingRegistersRequest(0, 2)).registers());
        assertThat(setpoints.getShort() & 0xFFFF).isEqualTo(CapperLabeller.DEFAULT_SPEED);
        assertThat(setpoints.getShort() & 0xFFFF).isEqualTo(CapperLabeller.DEFAULT_TORQUE);

        ByteBuffer values = ByteBuffer.wrap(client.readHoldingRegisters(UNIT, new ReadHoldingRegistersRequest(10, 10)).registers());
        assertThat(values.getInt() & 0xFFFF_FFFFL).isEqualTo(expected.capsApplied()).isPositive();
        assertThat(values.getInt() & 0xFFFF_FFFFL).isEqualTo(expected.labelsApplied());
        assertThat(values.getFloat()).isEqualTo(expected.torqueActualNcm());
        assertThat(values.getDouble()).isEqualTo(expected.energyKwh()).isPositive();

        ByteBuffer inputs = ByteBuffer.wrap(client.readInputRegisters(UNIT, new ReadInputRegistersRequest(0, 2)).registers());
        assertThat(inputs.getShort() / 10.0).isCloseTo(expected.motorCelsius(), org.assertj.core.data.Offset.offset(0.051));
        assertThat(inputs.getShort() & 0xFFFF).isEqualTo(expected.state().code());

        byte coils = client.readCoils(UNIT, new ReadCoilsRequest(0, 2)).coils()[0];
        assertThat(coils & 0b11).isEqualTo(0b01); // run on, reset-fault off
        byte discrete = client.readDiscreteInputs(UNIT, new ReadDiscreteInputsRequest(0, 3)).inputs()[0];
        assertThat((discrete & 1) != 0).isEqualTo(expected.running());
        assertThat((discrete & 2) != 0).isEqualTo(expected.fault());
        assertThat((discrete & 4) != 0).isEqualTo(expected.labelStockLow());

        assertThat(server.requestCount(3)).isEqualTo(2);
        assertThat(server.requestCount(4)).isEqualTo(1);
    }

    @Test
    void writesSetpointsAndCommands() throws Exception {
        client.writeSingleRegister(UNIT, new WriteSingleRegisterRequest(RegisterMap.HR_SPEED_SETPOINT, 450));
        assertThat(machine.snapshot().speedSetpoint()).isEqualTo(450);

        client.writeMultipleRegisters(UNIT, new WriteMultipleRegistersRequest(0, 2, new byte[] {0, (byte) 200, 0, (byte) 220}));
        assertThat(machine.snapshot().speedSetpoint()).isEqualTo(200);
        assertThat(machine.snapshot().torqueSetpoint()).isEqualTo(220);

        client.writeSingleCoil(UNIT, new WriteSingleCoilRequest(RegisterMap.COIL_RUN, false));
        assertThat(machine.snapshot().runCommand()).isFalse();
        machine.tick(100);
        assertThat(machine.snapshot().state()).isIn(MachineState.STOPPED, MachineState.FAULT);

        client.writeMultipleCoils(UNIT, new WriteMultipleCoilsRequest(0, 2, new byte[] {0b11}));
        assertThat(machine.snapshot().runCommand()).isTrue();
        assertThat(machine.snapshot().resetFaultCommand()).isTrue();
    }

    @Test
    void answersIllegalDataAddressForAddressesTheDeviceDoesNotHave() {
        assertExceptionCode(2, () -> client.readHoldingRegisters(UNIT, new ReadHoldingRegistersRequest(2, 1)));   // gap
        assertExceptionCode(2, () -> client.readHoldingRegisters(UNIT, new ReadHoldingRegistersRequest(0, 20)));  // spans the gap
        assertExceptionCode(2, () -> client.readHoldingRegisters(UNIT, new ReadHoldingRegistersRequest(18, 4)));  // past the end
        assertExceptionCode(2, () -> client.readInputRegisters(UNIT, new ReadInputRegistersRequest(2, 1)));
        assertExceptionCode(2, () -> client.readCoils(UNIT, new ReadCoilsRequest(0, 3)));
        assertExceptionCode(2, () -> client.readDiscreteInputs(UNIT, new ReadDiscreteInputsRequest(3, 1)));
        assertExceptionCode(2, () -> client.writeSingleRegister(UNIT, new WriteSingleRegisterRequest(10, 1))); // read-only
        assertExceptionCode(2, () -> client.writeSingleCoil(UNIT, new WriteSingleCoilRequest(7, true)));
    }

    @Test
    void answersIllegalDataValueForSetpointsOutOfRangeAndChangesNothing() {
        assertExceptionCode(3, () -> client.writeSingleRegister(UNIT, new WriteSingleRegisterRequest(0, 601)));
        assertExceptionCode(3, () -> client.writeMultipleRegisters(UNIT,
                new WriteMultipleRegistersRequest(0, 2, new byte[] {0, 100, 0x7F, 0})));
        assertThat(machine.snapshot().speedSetpoint()).isEqualTo(CapperLabeller.DEFAULT_SPEED);
        assertThat(machine.snapshot().torqueSetpoint()).isEqualTo(CapperLabeller.DEFAULT_TORQUE);
    }

    @Test
    void answersOtherUnitIdsWithGatewayTargetFailed() {
        assertExceptionCode(11, () -> client.readHoldingRegisters(UNIT + 1, new ReadHoldingRegistersRequest(0, 1)));
    }

    @Test
    void answersUnsupportedFunctionCodesWithIllegalFunctionAndKeepsTheConnection() throws Exception {
        try (Socket socket = new Socket(LOOPBACK, server.port())) {
            socket.setSoTimeout(2000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            // MBAP (transaction 7, protocol 0, length 5, unit 1) + read device identification (0x2B/0x0E)
            out.write(new byte[] {0, 7, 0, 0, 0, 5, UNIT, 0x2B, 0x0E, 0x01, 0x00});
            byte[] answer = new byte[9];
            in.readFully(answer);
            assertThat(answer).containsExactly(0, 7, 0, 0, 0, 3, UNIT, (byte) 0xAB, 0x01);
            // still connected: read holding register 0 on the same socket
            out.write(new byte[] {0, 8, 0, 0, 0, 6, UNIT, 0x03, 0, 0, 0, 1});
            byte[] registers = new byte[11];
            in.readFully(registers);
            assertThat(registers[7]).isEqualTo((byte) 0x03);
        }
        assertExceptionCode(1, () -> client.send(UNIT, new MaskWriteRegisterRequest(0, 0xFF, 0)));
    }

    @Test
    void speaksTheConfiguredWordOrder() throws Exception {
        try (ModbusSimulatorServer swapped = new ModbusSimulatorServer(machine, LOOPBACK, freePort(), UNIT, WordOrder.CDAB)) {
            swapped.start();
            ModbusTcpClient other = connect(swapped.port());
            try {
                byte[] raw = other.readHoldingRegisters(UNIT, new ReadHoldingRegistersRequest(14, 2)).registers();
                short[] registers = {ByteBuffer.wrap(raw).getShort(0), ByteBuffer.wrap(raw).getShort(2)};
                float torque = ByteBuffer.wrap(WordOrder.CDAB.fromRegisters(registers)).getFloat();
                assertThat(torque).isEqualTo(machine.snapshot().torqueActualNcm());
            } finally {
                other.disconnect();
            }
        }
    }

    @Test
    void stopDropsTheClientsAndFreesThePortAndStartServesAgain() throws Exception {
        client.readHoldingRegisters(UNIT, new ReadHoldingRegistersRequest(0, 1));
        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> client.readHoldingRegisters(UNIT, new ReadHoldingRegistersRequest(0, 1)))
                .isInstanceOf(ModbusException.class);
        try (ServerSocket sameport = new ServerSocket(server.port(), 1, InetAddress.getByName(LOOPBACK))) {
            assertThat(sameport.isBound()).isTrue();
        }

        server.start();
        // the client reconnects by itself (persistent connection); give it a bounded number of tries
        byte[] registers = null;
        for (int attempt = 0; attempt < 50 && registers == null; attempt++) {
            try {
                registers = client.readHoldingRegisters(UNIT, new ReadHoldingRegistersRequest(0, 1)).registers();
            } catch (ModbusException notYet) {
                Thread.sleep(100);
            }
        }
        assertThat(registers).isNotNull();
        assertThat(ByteBuffer.wrap(registers).getShort()).isEqualTo((short) CapperLabeller.DEFAULT_SPEED);
    }

    @Test
    void refusesAPortThatIsTaken() throws Exception {
        ModbusSimulatorServer second = new ModbusSimulatorServer(machine, LOOPBACK, server.port(), UNIT, WordOrder.ABCD);
        assertThatThrownBy(second::start).isInstanceOf(IOException.class).hasMessageContaining(String.valueOf(server.port()));
        assertThat(second.isRunning()).isFalse();
    }

    private static ModbusTcpClient connect(int port) throws Exception {
        NettyTcpClientTransport transport = NettyTcpClientTransport.create(cfg -> {
            cfg.hostname = LOOPBACK;
            cfg.port = port;
            cfg.connectTimeout = Duration.ofSeconds(2);
        });
        ModbusTcpClient client = ModbusTcpClient.create(transport, cfg -> cfg.requestTimeout = Duration.ofSeconds(2));
        client.connect();
        return client;
    }

    private static void assertExceptionCode(int code, ThrowingCall call) {
        ModbusResponseException e = catchThrowableOfType(call::run, ModbusResponseException.class);
        assertThat(e).as("Modbus exception %d expected", code).isNotNull();
        assertThat(e.getExceptionCode()).isEqualTo(code);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }
}
