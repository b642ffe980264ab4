package org.plantwire.plant;

import java.util.List;

/** The plant files the server knows and how their last load went. An OSGi service. */
public interface PlantRegistry {

    /** Every plant file, sorted by file name. */
    List<PlantStatus> plants();

    /** The directory the plant files are read from. */
    String directory();

    /** Reads every plant file again now (they are also re-read when they change). */
    void reload();
}
