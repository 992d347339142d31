import "std/airflow.bf";
import "std/dataworks.bf";
import "std/policies.bf";
