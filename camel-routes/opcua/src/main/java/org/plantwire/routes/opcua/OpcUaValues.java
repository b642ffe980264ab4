package org.plantwire.routes.opcua;

import org.plantwire.api.Quality;

import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/** OPC UA status codes and values as the tag bus sees them, and back. */
final class OpcUaValues {

    private OpcUaValues() {
    }

    /** The tag quality for a server's status code. */
    static Quality quality(StatusCode status) {
        if (status == null || status.isGood()) {
            return Quality.GOOD;
        }
        long v = status.getValue() & 0xFFFF0000L;
        if (status.isUncertain()) {
            return v == (StatusCodes.Uncertain_LastUsableValue & 0xFFFF0000L) ? Quality.UNCERTAIN_LAST_KNOWN
                    : v == (StatusCodes.Uncertain_SubstituteValue & 0xFFFF0000L) ? Quality.UNCERTAIN_SUBSTITUTED
                    : v == (StatusCodes.Uncertain_InitialValue & 0xFFFF0000L) ? Quality.UNCERTAIN_INITIAL
                    : v == (StatusCodes.Uncertain_EngineeringUnitsExceeded & 0xFFFF0000L) ? Quality.UNCERTAIN_OUT_OF_RANGE
                    : Quality.UNCERTAIN_SENSOR;
        }
        if (v == (StatusCodes.Bad_NodeIdUnknown & 0xFFFF0000L) || v == (StatusCodes.Bad_NodeIdInvalid & 0xFFFF0000L)
                || v == (StatusCodes.Bad_AttributeIdInvalid & 0xFFFF0000L)) {
            return Quality.BAD_NOT_FOUND;
        }
        if (v == (StatusCodes.Bad_NotConnected & 0xFFFF0000L)) {
            return Quality.BAD_NOT_CONNECTED;
        }
        if (v == (StatusCodes.Bad_CommunicationError & 0xFFFF0000L) || v == (StatusCodes.Bad_Timeout & 0xFFFF0000L)) {
            return Quality.BAD_COMM_FAILURE;
        }
        if (v == (StatusCodes.Bad_ConfigurationError & 0xFFFF0000L)) {
            return Quality.BAD_CONFIG_ERROR;
        }
        if (v == (StatusCodes.Bad_SensorFailure & 0xFFFF0000L)) {
            return Quality.BAD_SENSOR_FAILURE;
        }
        if (v == (StatusCodes.Bad_OutOfService & 0xFFFF0000L)) {
            return Quality.BAD_OUT_OF_SERVICE;
        }
        return Quality.BAD_DEVICE_FAILURE;
    }

    /** The status code's name, e.g. {@code Bad_OutOfRange}. */
    static String name(StatusCode status) {
        return StatusCodes.lookup(status.getValue()).map(s -> s[0])
                .orElse(String.format("0x%08X", status.getValue()));
    }

    /**
     * A value in the Java type the server uses for the node (learnt from its notifications), because servers refuse
     * a Double for a Float node or a Long for an Int32 node (Bad_TypeMismatch).
     */
    static Object asNodeType(Object value, Class<?> nodeType) {
        if (nodeType == null || nodeType.isInstance(value) || !(value instanceof Number || value instanceof Boolean)) {
            return value;
        }
        if (value instanceof Boolean) {
            return nodeType == String.class ? value.toString() : value;
        }
        Number n = (Number) value;
        if (nodeType == Double.class) {
            return n.doubleValue();
        }
        if (nodeType == Float.class) {
            return n.floatValue();
        }
        if (nodeType == Integer.class) {
            return n.intValue();
        }
        if (nodeType == Long.class) {
            return n.longValue();
        }
        if (nodeType == Short.class) {
            return n.shortValue();
        }
        if (nodeType == Byte.class) {
            return n.byteValue();
        }
        if (nodeType == UInteger.class) {
            return UInteger.valueOf(n.longValue());
        }
        if (nodeType == UShort.class) {
            return UShort.valueOf(n.intValue());
        }
        if (nodeType == UByte.class) {
            return UByte.valueOf(n.longValue());
        }
        if (nodeType == ULong.class) {
            return ULong.valueOf(n.longValue());
        }
        if (nodeType == String.class) {
            return n.toString();
        }
        return value;
    }
}
